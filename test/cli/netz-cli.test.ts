import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetzFile, loadNetzText } from '../../language/netz-loader.js';
import type { Model } from '../../model/model-api.js';
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

/** The files the rules of a model were read from. */
function ruleFiles(model: Model): string[] {
    const files = model.namespaces.flatMap(ns => [...ns.ruleset.tables.values()].flatMap(table =>
        [...table.chains.values()].flatMap(chain => chain.rules.map(rule => rule.source.file))));
    return [...new Set(files)];
}

let scratch: string;
const inScratch = (name: string) => join(scratch, name);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `netz trace` of an ad-hoc packet in the scratch topology, from c1 to the server by default: `args` override. */
const adHoc = (...args: string[]) => [inScratch('adhoc.netz'), '--from', 'c1', '--to', '198.51.100.183', ...args];

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
    {
        name: 'judges no probe twice: one with an error of its own gets only that error',
        command: 'check', args: () => [inScratch('no-address.netz')], code: 1,
        stdout: [/no-address\.netz:4:14: error probe-no-source-address: /, /^1 file\(s\): 1 error\(s\)/m], notStdout: [/probe-expectation-failed/]
    },
    { name: 'prints JSON diagnostics with --format json', command: 'check', args: () => ['--format', 'json', inScratch('broken.rules')], code: 1, stdout: [/^\[\n {2}\{\n {4}"code": "ipt-bad-argument"/] },
    { name: 'refuses an unknown --format', command: 'check', args: () => ['--format', 'xml', example('seed.netz')], code: 2, stderr: [/--format takes text or json/] },
    { name: 'refuses an unknown --backend', command: 'check', args: () => ['--backend', 'bpf', example('seed.netz')], code: 2, stderr: [/--backend takes nft or legacy/] },
    { name: 'needs a file', command: 'check', args: () => [], code: 2, stderr: [/name at least one \.netz or iptables-save file/] },
    { name: 'says a missing file is missing', command: 'check', args: () => [inScratch('absent.netz')], code: 2, stderr: [/absent\.netz: no such file/] },
    { name: 'says a folder is not a file', command: 'check', args: () => [scratch], code: 2, stderr: [/: a folder, not a file$/m] },
    { name: 'says why a path cannot be read', command: 'check', args: () => [join(root, 'README.md', 'x.netz')], code: 2, stderr: [/README\.md\/x\.netz: cannot read it: a part of the path is not a folder \(ENOTDIR\)/] },
    { name: 'asks for .netz in lower case', command: 'check', args: () => [inScratch('Upper.NETZ')], code: 2, stderr: [/Upper\.NETZ: netz files end in \.netz, in lower case/] },
    { name: 'reads an ip6tables dump as what it is, in one error', command: 'check', args: () => [inScratch('rules.v6')], code: 1, stdout: [/rules\.v6:1:1: error ipt-ipv6-dump: /, /^1 file\(s\): 1 error\(s\), 0 warning/m] },
    { name: 'refuses an unknown option with the usage', command: 'check', args: () => ['--fast', example('seed.netz')], code: 2, stderr: [/Unknown option '--fast'/, /usage: netz check/] },
    // trace
    { name: 'traces a probe through the MASQUERADE rule', command: 'trace', args: () => [example('seed.netz'), 'c1-web'], code: 0, stdout: [/^probe c1-web: tcp /, /nat:POSTROUTING:rule 1:MASQUERADE/] },
    { name: 'prints the trace as LANGUAGE.md JSON', command: 'trace', args: () => [example('seed.netz'), 'c1-web', '--json'], code: 0, stdout: [/"probe": "c1-web"/, /"outcome": "established"/, /"steps": \[/] },
    { name: 'names the probes when one is unknown', command: 'trace', args: () => [example('seed.netz'), 'nope'], code: 2, stderr: [/has no probe 'nope' \(probes: c1-web, c1-ping, server-to-c1\)/] },
    { name: 'points an iptables-save file to import or check', command: 'trace', args: () => [example('rules/lab.v4'), 'x'], code: 2, stderr: [/lab\.v4: not a \.netz file\. For an iptables-save dump, 'netz import .*' writes a \.netz file/] },
    // trace: the ad-hoc form, whose mistakes are bad usage, never an outcome
    { name: 'traces an ad-hoc packet', command: 'trace', args: () => adHoc('--to', '198.51.100.183', '--tcp', '80'), code: 0, stdout: [/^=> established at server/m] },
    ...([
        ['an --iif without --src', ['--iif', 'veth0'], /--iif needs --src: a packet arriving on an interface comes from the wire/],
        ['an --iif the namespace does not have', ['--iif', 'nope', '--src', '10.0.0.1'], /c1 has no interface 'nope' \(interfaces: lo, veth0\)/],
        ['an unknown --from namespace', ['--from', 'nope'], /no namespace 'nope' \(namespaces: docker-host, c1, c2, c3, isp, server, bare\)/],
        ['a --to that is not an IPv4 address', ['--to', '10.0.2'], /--to takes an IPv4 address, not '10\.0\.2'/],
        ['a --src that is not an IPv4 address', ['--src', '10.0.0.256'], /--src takes an IPv4 address, not '10\.0\.0\.256'/],
        ['a port out of range', ['--tcp', '65536'], /--tcp takes a port 1\.\.65535, not '65536'/],
        ['a port that is not decimal digits', ['--udp', '0x50'], /--udp takes a port 1\.\.65535, not '0x50'/],
        ['a source port out of range', ['--udp', '53', '--sport', '0'], /--sport takes a port 1\.\.65535, not '0'/],
        ['two protocols', ['--tcp', '80', '--icmp'], /choose one of --tcp, --udp, --icmp, not --tcp and --icmp/],
        ['a --sport without --tcp or --udp', ['--sport', '1234'], /--sport needs --tcp or --udp/],
        ['a namespace with no address and no --src', ['--from', 'bare'], /bare has no address on any interface, so a packet from it has no source address; give --src IP/]
    ] as const).map(([what, args, message]): Case => ({
        name: `refuses ${what}`, command: 'trace', args: () => adHoc(...args), code: 2, stderr: [message, /usage: netz trace/], notStdout: [/=>/]
    })),
    {
        name: 'refuses a probe name together with ad-hoc options', command: 'trace', args: () => [example('seed.netz'), 'c1-web', '--from', 'c1', '--tcp', '22'], code: 2,
        stderr: [/trace probe 'c1-web' or an ad-hoc packet, not both \(--from, --tcp describe a packet\)/]
    },
    // import
    {
        name: 'imports a dump as a namespace that reads it, by its absolute path on standard output', command: 'import', args: () => [example('rules/lab.v4')], code: 0,
        stdout: [/^netns lab\b/m, new RegExp(`iptables from "${escapeRegExp(example('rules/lab.v4'))}"`)]
    },
    ...([
        ['a folder', () => scratch, /: a folder, not a file$/m],
        ['a missing file', () => inScratch('absent.v4'), /absent\.v4: no such file$/m],
        ['a .netz file', () => example('seed.netz'), /seed\.netz: a \.netz file already; name an iptables-save dump/],
        ['a file with NUL bytes', () => inScratch('binary.v4'), /binary\.v4:2: holds a NUL byte: not a text file, so not an iptables-save dump/],
        ['a file that is not UTF-8 text', () => inScratch('latin1.v4'), /latin1\.v4:3: is not UTF-8 text, so not an iptables-save dump/],
        ['an ip6tables-save dump, with the parser\'s message', () => inScratch('rules.v6'), /rules\.v6:1: This is an ip6tables-save dump \(IPv6\): netz models IPv4 only.* \(ipt-ipv6-dump\)/],
        ['text in which no table is read', () => inScratch('notes.txt'), /notes\.txt:1: not an iptables-save dump \(no table was read\); the first error: Unexpected 'hello'.* \(ipt-syntax\)/]
    ] as const).map(([what, file, message]): Case => ({
        name: `refuses ${what}`, command: 'import', args: () => [file()], code: 2, stderr: [message], notStdout: [/netns/]
    })),
    { name: 'imports a dump pasted verbatim with --embed', command: 'import', args: () => [example('rules/lab.v4'), '--embed', '--netns', 'fw'], code: 0, stdout: [/^netns fw \{/m, /-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT/] },
    { name: 'never overwrites an existing file', command: 'import', args: () => [example('rules/lab.v4'), '--output', inScratch('exists.netz')], code: 2, stderr: [/exists\.netz exists; netz never overwrites/] },
    { name: 'refuses a namespace name the language does not take', command: 'import', args: () => [example('rules/lab.v4'), '--netns', 'a.b'], code: 2, stderr: [/'a\.b' is not a namespace name/] },
    // export
    { name: 'exports the topology as a bash script', command: 'export', args: () => [example('seed.netz')], code: 0, stdout: [/^#!\/bin\/bash\n/, /ip netns add /] },
    { name: 'export takes only .netz files', command: 'export', args: () => [example('rules/lab.v4')], code: 2, stderr: [/not a \.netz file/] },
    // every command that writes a file says why it cannot, before doing the work
    ...(['import', 'export'] as const).flatMap(command => ([
        ['into a missing folder', () => inScratch('missing/out'), /cannot write .*missing\/out: there is no folder .*missing$/m],
        ['into a file used as a folder', () => join(root, 'README.md', 'out'), /cannot write .*README\.md\/out: .*README\.md is not a folder$/m],
        ['into a path below a file', () => join(root, 'README.md', 'a', 'out'), /cannot write .*README\.md\/a\/out: .*README\.md\/a: a part of the path is not a folder \(ENOTDIR\)/],
        ['over a folder', () => scratch, /netz-cli-\w+ is a folder; name a file to write$/m],
        ['over an existing file', () => inScratch('exists.netz'), /exists\.netz exists; netz never overwrites/],
        ['to an empty name', () => '', /--output needs a file name$/m]
    ] as const).map(([what, output, message]): Case => ({
        name: `refuses to write ${what}`, command, args: () => [command === 'import' ? example('rules/lab.v4') : example('seed.netz'), '--output', output()], code: 2,
        stderr: [new RegExp(`^netz ${command}: .*${message.source}`, message.flags)]
    }))),
    // verify (the kernel suite runs it for real)
    { name: 'verify takes only .netz files', command: 'verify', args: () => [example('rules/lab.v4')], code: 2, stderr: [/not a \.netz file/] },
    { name: 'verify says a missing file is missing', command: 'verify', args: () => [inScratch('absent.netz')], code: 2, stderr: [/absent\.netz: no such file/] },
];

describe('netz CLI', function () {
    before(() => {
        scratch = mkdtempSync(join(tmpdir(), 'netz-cli-'));
        writeFileSync(inScratch('broken.rules'), '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 99999 -j DROP\nCOMMIT\n');
        writeFileSync(inScratch('no-address.netz'), 'netns e { nic eth0 }\nnetns f { nic eth0 { address 10.0.0.2/24 } }\nwire e.eth0 -- f.eth0\nprobe p from e to 10.0.0.2 expect delivered\n');
        writeFileSync(inScratch('exists.netz'), '# already here\n');
        writeFileSync(inScratch('Upper.NETZ'), 'netns a { }\n');
        writeFileSync(inScratch('rules.v6'), '# Generated by ip6tables-save v1.8.9\n*filter\n-A INPUT -s 2001:db8::/32 -j ACCEPT\nCOMMIT\n');
        writeFileSync(inScratch('binary.v4'), Buffer.from([0x2a, 0x66, 0x0a, 0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
        writeFileSync(inScratch('latin1.v4'), Buffer.from('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "caf\xe9" -j ACCEPT\nCOMMIT\n', 'latin1'));
        writeFileSync(inScratch('notes.txt'), 'hello world\nthese are notes\n');
        // The seed topology and a namespace with no address, for the ad-hoc trace.
        writeFileSync(inScratch('adhoc.netz'), `${readFileSync(example('seed.netz'), 'utf8')}\nnetns bare { }\n`);
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

    it('writes the file it was asked to, referring to the rules from the file\'s own folder', async () => {
        const output = inScratch('written/lab.netz');
        mkdirSync(inScratch('written'));
        const run = await runCli('import', [example('rules/lab.v4'), '--output', output]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(readFileSync(output, 'utf8'), /^ {2}iptables from "\.\.\/.*\/examples\/rules\/lab\.v4"$/m);
        const script = inScratch('written/setup.sh');
        assert.equal((await runCli('export', [example('seed.netz'), '--output', script])).code, 0);
        assert.equal(statSync(script).mode & 0o777, 0o755);
    });

    it('says that a folder cannot be written or a file read for want of permission', async function () {
        if (process.getuid?.() === 0) {
            this.skip(); // root may write and read anything
        }
        mkdirSync(inScratch('locked'), { mode: 0o555 });
        const write = await runCli('export', [example('seed.netz'), '--output', inScratch('locked/x.sh')]);
        assert.equal(write.code, 2);
        assert.match(write.stderr, /cannot write .*locked\/x\.sh: no permission to create files in .*locked \(EACCES\)/);
        copyFileSync(example('rules/lab.v4'), inScratch('unreadable.v4'));
        chmodSync(inScratch('unreadable.v4'), 0o000);
        const read = await runCli('import', [inScratch('unreadable.v4')]);
        assert.equal(read.code, 2);
        assert.match(read.stderr, /unreadable\.v4: cannot read it: permission denied \(EACCES\)/);
    });

    // Names that a careless quoting would change: a quote, a backslash (before a letter of an escape, too), a line break.
    for (const name of ['q"uo\\te.v4', 'back\\n\\slash.v4', 'two\nlines.v4', 'tab\tand ünïcode.v4']) {
        for (const to of ['--output', 'standard output'] as const) {
            it(`writes a path the loader reads back as the same file, to ${to}: ${JSON.stringify(name)}`, async () => {
                const folder = mkdtempSync(inScratch('round-trip-'));
                mkdirSync(join(folder, 'rules'));
                mkdirSync(join(folder, 'netz'));
                const rules = join(folder, 'rules', name);
                copyFileSync(example('rules/lab.v4'), rules);
                const output = join(folder, 'netz', 'lab.netz');
                const run = await runCli('import', [rules, '--netns', 'lab', ...to === '--output' ? ['--output', output] : []]);
                assert.equal(run.code, 0, run.stderr);
                // Standard output may go to any folder: the .netz file is loaded as if written to the other one.
                const { model, diagnostics } = to === '--output' ? await loadNetzFile(output) : await loadNetzText(run.stdout, output);
                assert.deepEqual(diagnostics.filter(d => d.severity === 'error'), []);
                assert.deepEqual(ruleFiles(model), [rules]);
            });
        }
    }

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
