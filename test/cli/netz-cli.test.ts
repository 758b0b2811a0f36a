import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from '../shared-path.js';
import { runCli } from './cli-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = (name: string) => join(root, 'examples', name);

/** One command line: its exit status, and text its standard output and error must (or must not) hold. */
interface Case {
    name: string;
    command: string;
    args: () => string[];
    code: number;
    stdout?: RegExp[];
    stderr?: RegExp[];
    notStdout?: RegExp[];
}

let scratch: string;
const inScratch = (name: string) => join(scratch, name);

const cases: Case[] = [
    // check
    { name: 'checks a .netz file: its probes pass', command: 'check', args: () => [example('seed.netz')], code: 0, stdout: [/^1 file\(s\): 0 error\(s\)/m] },
    { name: 'checks an iptables-save file on its own, as iptables-restore --test reads it', command: 'check', args: () => [example('rules/lab.v4')], code: 0, stdout: [/^1 file\(s\): 0 error\(s\), 0 warning\(s\)/m] },
    {
        name: 'reports a rules file\'s findings at its own lines, with no topology findings',
        command: 'check', args: () => [sharedPath('corpus/iptables-save/ufw-0.37-user.rules-limit.txt')], code: 0,
        stdout: [/ufw-0\.37-user\.rules-limit\.txt:\d+:1: warning rule-shadowed: /], notStdout: [/ipt-interface-unknown|rule-irrelevant/]
    },
    {
        name: 'exits 1 on an error in a rules file, naming file, line and column',
        command: 'check', args: () => [inScratch('broken.rules')], code: 1,
        stdout: [/broken\.rules:3:25: error ipt-bad-argument: Bad port '99999'/]
    },
    { name: 'prints JSON diagnostics with --format json', command: 'check', args: () => ['--format', 'json', inScratch('broken.rules')], code: 1, stdout: [/^\[\n {2}\{\n {4}"code": "ipt-bad-argument"/] },
    { name: 'refuses an unknown --format', command: 'check', args: () => ['--format', 'xml', example('seed.netz')], code: 2, stderr: [/--format takes text or json/] },
    { name: 'refuses an unknown --backend', command: 'check', args: () => ['--backend', 'bpf', example('seed.netz')], code: 2, stderr: [/--backend takes nft or legacy/] },
    { name: 'needs a file', command: 'check', args: () => [], code: 2, stderr: [/name at least one \.netz or iptables-save file/] },
    { name: 'says a missing file is missing', command: 'check', args: () => [inScratch('absent.netz')], code: 2, stderr: [/absent\.netz: no such file/] },
    { name: 'says a folder is not a file', command: 'check', args: () => [scratch], code: 2, stderr: [/: not a file$/m] },
    { name: 'says why a path cannot be read', command: 'check', args: () => [join(root, 'README.md', 'x.netz')], code: 2, stderr: [/README\.md\/x\.netz: cannot read it \(ENOTDIR\)/] },
    { name: 'asks for .netz in lower case', command: 'check', args: () => [inScratch('Upper.NETZ')], code: 2, stderr: [/Upper\.NETZ: netz files end in \.netz, in lower case/] },
    { name: 'reads an ip6tables dump as what it is, in one error', command: 'check', args: () => [inScratch('rules.v6')], code: 1, stdout: [/rules\.v6:1:1: error ipt-ipv6-dump: /, /^1 file\(s\): 1 error\(s\), 0 warning/m] },
    { name: 'refuses an unknown option with the usage', command: 'check', args: () => ['--fast', example('seed.netz')], code: 2, stderr: [/Unknown option '--fast'/, /usage: netz check/] },
    // trace
    { name: 'traces a probe through the MASQUERADE rule', command: 'trace', args: () => [example('seed.netz'), 'c1-web'], code: 0, stdout: [/^probe c1-web: tcp /, /nat:POSTROUTING:rule 1:MASQUERADE/] },
    { name: 'prints the trace as LANGUAGE.md JSON', command: 'trace', args: () => [example('seed.netz'), 'c1-web', '--json'], code: 0, stdout: [/"probe": "c1-web"/, /"outcome": "established"/, /"steps": \[/] },
    { name: 'names the probes when one is unknown', command: 'trace', args: () => [example('seed.netz'), 'nope'], code: 2, stderr: [/has no probe 'nope' \(probes: c1-web, c1-ping, server-to-c1\)/] },
    { name: 'points an iptables-save file to import or check', command: 'trace', args: () => [example('rules/lab.v4'), 'x'], code: 2, stderr: [/lab\.v4: not a \.netz file\. For an iptables-save dump, 'netz import .*' writes a \.netz file/] },
    // import
    { name: 'imports a dump as a namespace that reads it', command: 'import', args: () => [example('rules/lab.v4')], code: 0, stdout: [/^netns lab\b/m, /iptables from ".*lab\.v4"/] },
    { name: 'imports a dump pasted verbatim with --embed', command: 'import', args: () => [example('rules/lab.v4'), '--embed', '--netns', 'fw'], code: 0, stdout: [/^netns fw \{/m, /-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT/] },
    { name: 'never overwrites an existing file', command: 'import', args: () => [example('rules/lab.v4'), '--output', inScratch('exists.netz')], code: 2, stderr: [/exists\.netz exists; netz never overwrites/] },
    { name: 'refuses a namespace name the language does not take', command: 'import', args: () => [example('rules/lab.v4'), '--netns', 'a.b'], code: 2, stderr: [/'a\.b' is not a namespace name/] },
    // export
    { name: 'exports the topology as a bash script', command: 'export', args: () => [example('seed.netz')], code: 0, stdout: [/^#!\/bin\/bash\n/, /ip netns add /] },
    { name: 'export takes only .netz files', command: 'export', args: () => [example('rules/lab.v4')], code: 2, stderr: [/not a \.netz file/] },
    // verify (the kernel suite runs it for real)
    { name: 'verify takes only .netz files', command: 'verify', args: () => [example('rules/lab.v4')], code: 2, stderr: [/not a \.netz file/] },
    { name: 'verify says a missing file is missing', command: 'verify', args: () => [inScratch('absent.netz')], code: 2, stderr: [/absent\.netz: no such file/] },
];

describe('netz CLI', function () {
    before(() => {
        scratch = mkdtempSync(join(tmpdir(), 'netz-cli-'));
        writeFileSync(inScratch('broken.rules'), '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 99999 -j DROP\nCOMMIT\n');
        writeFileSync(inScratch('exists.netz'), '# already here\n');
        writeFileSync(inScratch('Upper.NETZ'), 'netns a { }\n');
        writeFileSync(inScratch('rules.v6'), '# Generated by ip6tables-save v1.8.9\n*filter\n-A INPUT -s 2001:db8::/32 -j ACCEPT\nCOMMIT\n');
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    for (const c of cases) {
        it(`${c.command}: ${c.name}`, async () => {
            const run = await runCli(c.command, c.args());
            const shown = `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
            assert.equal(run.code, c.code, shown);
            for (const pattern of c.stdout ?? []) assert.match(run.stdout, pattern, shown);
            for (const pattern of c.stderr ?? []) assert.match(run.stderr, pattern, shown);
            for (const pattern of c.notStdout ?? []) assert.doesNotMatch(run.stdout, pattern, shown);
        });
    }

    it('leaves an existing file as it was when it refuses to overwrite it', async () => {
        await runCli('import', [example('rules/lab.v4'), '--output', inScratch('exists.netz')]);
        assert.equal(readFileSync(inScratch('exists.netz'), 'utf8'), '# already here\n');
    });

    it('runs from the built launcher, writing and then using its code cache', function () {
        this.timeout(60_000);
        const launcher = join(root, 'bin', 'netz.js');
        assert.ok(existsSync(join(root, 'dist', 'cli', 'netz.js')), 'the CLI bundle is missing: `npm test` builds it first (npm run build)');
        const cache = join(scratch, 'cache');
        const env = { ...process.env, XDG_CACHE_HOME: cache };
        const first = spawnSync(process.execPath, [launcher, 'check', example('seed.netz')], { env, encoding: 'utf8' });
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /^1 file\(s\): 0 error\(s\)/m);
        const cached = readdirSync(join(cache, 'netz'));
        assert.ok(cached.length > 0, 'the first run writes a code cache');
        const second = spawnSync(process.execPath, [launcher, 'check', example('seed.netz')], { env, encoding: 'utf8' });
        assert.equal(second.status, 0, second.stderr);
        assert.equal(second.stdout, first.stdout);
        const unknown = spawnSync(process.execPath, [launcher, 'frobnicate'], { env, encoding: 'utf8' });
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /netz: unknown command 'frobnicate'/);
    });
});
