// The checks the in-extension-host suite runs, by name: the suite implements exactly these and the mocha
// side reports each as its own test, so neither can drop one silently.
export const HOST_CHECKS = [
    'the extension activates on seed.netz, whose language is netz',
    'every contributed command is registered',
    'seed.netz has no error diagnostics',
    'an off-link gateway is a route-gateway-offlink error on its line',
    'a shadowed rule is a rule-shadowed warning on its line',
    'hover on MASQUERADE shows the target documentation',
    'hover on veth shows the keyword documentation',
    'every probe has a code lens tracing it, titled with its result',
    'the c1-web lens command opens the trace view',
    'flipping a FORWARD rule to DROP changes the c1-web lens',
    'an iptables-save dump opened on its own is checked and documented'
] as const;

export type HostCheck = typeof HOST_CHECKS[number];

export interface HostResult {
    name: HostCheck;
    status: 'passed' | 'failed' | 'pending';
    detail: string;
    ms: number;
}
