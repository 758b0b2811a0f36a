// The files the end-to-end suites write into their workspace, and what a user should see for them.
// Shared by the browser suite and the in-extension-host suite (bundled into it), so both check the same facts.
import { docFor } from '../../language/docs/docs-lookup.js';

export interface FixtureFile {
    path: string;
    text: string;
    /** The diagnostic code the file must show, on the line that contains `line`. */
    code: string;
    line: string;
    severity: 'error' | 'warning';
}

export const OFFLINK: FixtureFile = {
    path: 'broken/offlink.netz',
    text: `# The gateway 10.9.9.1 is on no connected subnet of c1: the kernel refuses the route.
netns c1 {
  nic eth0 { address 192.168.40.10/24 }
  route default via 10.9.9.1
}
`,
    code: 'route-gateway-offlink', line: 'route default via 10.9.9.1', severity: 'error'
};

export const SHADOWED: FixtureFile = {
    path: 'broken/shadowed.netz',
    text: `# The second rule can never match: the first already accepts all of 192.168.40.0/24.
netns fw {
  nic eth0 { address 192.168.40.1/24 }
  iptables {
    *filter
    -A INPUT -s 192.168.40.0/24 -j ACCEPT
    -A INPUT -s 192.168.40.7/32 -p tcp --dport 22 -j DROP
    COMMIT
  }
}
`,
    code: 'rule-shadowed', line: '-A INPUT -s 192.168.40.7/32', severity: 'warning'
};

export const SEED = 'examples/seed.netz';
export const FORWARD = 'examples/seed-forward.netz';
/** The rule the edit test flips from ACCEPT to DROP; c1-web crosses it. */
export const FORWARD_RULE = '-A FORWARD -i br0 -o eth0 -j ACCEPT';

/**
 * The seed with a filter FORWARD chain that drops by default and accepts the containers' outbound traffic,
 * so that flipping one rule's target changes the c1-web probe's fate.
 */
export function forwardVariant(seedText: string): string {
    const nat = '    -A POSTROUTING -s 192.168.31.0/24 -o eth0 -j MASQUERADE\n    COMMIT\n';
    if (!seedText.includes(nat)) throw new Error('examples/seed.netz no longer has the MASQUERADE block this fixture extends');
    return seedText.replace(nat, `${nat}    *filter\n    :FORWARD DROP [0:0]\n    -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n    ${FORWARD_RULE}\n    COMMIT\n`);
}

/** 1-based number of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
    const index = text.split('\n').findIndex(line => line.includes(needle));
    if (index < 0) throw new Error(`no line contains '${needle}'`);
    return index + 1;
}

/** Probes declared in a .netz text, with their expected outcome, in file order. */
export function probesOf(text: string): { name: string; outcome: string; line: number }[] {
    return text.split('\n').flatMap((line, index) => {
        const match = /^\s*probe\s+(\S+)\s.*\bexpect\s+(\w+)/.exec(line);
        return match ? [{ name: match[1]!, outcome: match[2]!, line: index + 1 }] : [];
    });
}

/**
 * A plain-text piece of the catalogue's documentation for `key` (English, as code-server runs in English):
 * the sentence after the bold heading, with Markdown marks removed, as a rendered hover shows it.
 */
export function docSnippet(key: string): string {
    const doc = docFor(key, 'en');
    if (doc === undefined) throw new Error(`the documentation catalogue has no ${key}`);
    const body = doc.replace(/^\*\*[^*]+\*\*:\s*/, '');
    return body.replace(/[`*]/g, '').slice(0, 40).trim();
}
