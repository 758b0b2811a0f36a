import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportScript, markRule } from '../../kernel/export-script.js';
import { KERNEL_IFNAME_MAX } from '../../kernel/kernel-names.js';
import { loadNetzFile } from '../../language/netz-loader.js';
import type { Model } from '../../model/model-api.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const scenarioDir = join(here, 'scenarios');
/** Files for the export alone, which the kernel suite does not run (some it cannot: the language flags them, the export copes). */
const exportCaseDir = join(here, 'export-cases');
const PREFIX = 'nzt-';
const netzFiles: [file: string, dir: string][] = [scenarioDir, exportCaseDir]
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.netz')).sort().map((f): [string, string] => [f, dir]));
/** Both backends; `--test` only parses the rules, and needs root like the rest of this suite. */
const RESTORE_COMMANDS = ['iptables-nft-restore', 'iptables-legacy-restore'];
/** xt_comment's buffer is 256 bytes with the terminating NUL. */
const COMMENT_MAX_BYTES = 255;
const COMMENT_ARGUMENT = /--comment (?:"((?:[^"\\]|\\.)*)"|(\S+))/g;

async function exported(file: string, dir = scenarioDir): Promise<{ model: Model; setup: string; teardown: string }> {
    const { model } = await loadNetzFile(join(dir, file));
    return { model, ...exportScript(model, { prefix: PREFIX }) };
}

/** What the script gives iptables-restore, one input per namespace with rules. */
function restoreInputs(script: string): string[] {
    return [...script.matchAll(/<<'NETZ_RULES'\n([\s\S]*?)\nNETZ_RULES$/gm)].map((m) => `${m[1]}\n`);
}

/** The script's command lines, comments and heredoc bodies left out. */
function commands(script: string): string[] {
    const out: string[] = [];
    let heredoc: string | undefined;
    for (const line of script.split('\n')) {
        if (heredoc !== undefined) {
            if (line === heredoc) heredoc = undefined;
            continue;
        }
        const start = /<<'(\w+)'$/.exec(line);
        if (start) heredoc = start[1];
        if (line.trim() !== '' && !line.trimStart().startsWith('#')) out.push(line.trim());
    }
    return out;
}

describe('exportScript', function () {
    this.timeout(60_000);

    for (const [file, dir] of netzFiles) {
        it(`${file}: valid bash that configures only namespaces named with the prefix`, async function () {
            const { setup, teardown } = await exported(file, dir);
            for (const script of [setup, teardown]) {
                const check = spawnSync('bash', ['-n'], { input: script });
                assert.equal(check.status, 0, check.stderr.toString());
            }
            const setupCommands = commands(setup).filter((c) => !/^(baseline\(\)|}|set -euo|echo|if |fi$|for |done$)/.test(c));
            for (const c of setupCommands) {
                if (c.startsWith('[ -e /proc/sys/net/bridge')) continue; // loading br_netfilter: a machine-wide module
                const m = /^(?:ip (?:-n|netns (?:add|exec)) |baseline )'?([^\s']+)/.exec(c);
                assert.ok(m, `a command outside the model's namespaces: ${c}`);
                assert.ok(m[1] === '"$1"' || m[1].startsWith(PREFIX), `a namespace without the prefix: ${c}`);
            }
        });
    }

    for (const [file, dir] of netzFiles) {
        it(`${file}: rules that iptables-restore takes as written`, async function () {
            const { setup } = await exported(file, dir);
            for (const rules of restoreInputs(setup)) {
                for (const command of RESTORE_COMMANDS) {
                    const test = spawnSync(command, ['--test'], { input: rules });
                    assert.equal(test.status, 0, `${command}: ${test.stderr.toString()}`);
                }
                // iptables 1.8.9 cuts a longer comment short where later versions refuse the rule.
                for (const m of rules.matchAll(COMMENT_ARGUMENT)) {
                    const comment = m[1]?.replace(/\\(.)/g, '$1') ?? m[2];
                    assert.ok(Buffer.byteLength(comment) <= COMMENT_MAX_BYTES, `a comment longer than iptables keeps: ${comment}`);
                }
            }
        });
    }

    it('turns the seed into prefixed namespaces, veth pairs for wires, and rules marked with their .netz line', async function () {
        const { model, setup, teardown } = await exported('seed.netz');
        for (const ns of model.namespaces) {
            assert.match(setup, new RegExp(`^baseline ${PREFIX}${ns.name}$`, 'm'));
            assert.match(teardown, new RegExp(`${PREFIX}${ns.name}\\b`));
        }
        assert.match(setup, /^ip -n nzt-docker-host link add name eth0 type veth peer name eth0 netns nzt-isp$/m);
        const masquerade = model.namespaces.find((n) => n.name === 'docker-host')!.ruleset.tables.get('nat')!.chains.get('POSTROUTING')!.rules[0];
        assert.match(setup, new RegExp(`^-A POSTROUTING -m comment --comment "netz:${masquerade.source.line}" -s 192\\.168\\.31\\.0/24 -o eth0 -j MASQUERADE$`, 'm'));
        assert.match(setup, /^ip netns exec nzt-docker-host sysctl -qw net\.ipv4\.ip_forward=1 net\.ipv4\.conf\.all\.rp_filter=0 /m);
        assert.match(setup, /^ip netns exec nzt-server sysctl -qw net\.ipv4\.ip_forward=0 /m);
        assert.match(setup, /^ip -n nzt-docker-host link set dev veth1 address [0-9a-f:]{17} mtu 1500 master br0$/m);
    });

    it('keeps onlink on a route whose gateway no subnet covers', async function () {
        const { setup } = await exported('onlink-route.netz');
        assert.match(setup, /^ip -n nzt-c route add default via 192\.0\.2\.1 dev e onlink {2}# line 5$/m);
    });

    it('writes the VXLAN port explicitly, 8472 when the file leaves it out', async function () {
        const { setup } = await exported('vxlan-port-mismatch.netz');
        assert.match(setup, /^ip -n nzt-u1 link add name vx0 type vxlan id 42 remote 10\.99\.0\.2 local 10\.99\.0\.1 dev ul dstport 8472$/m);
        assert.match(setup, /^ip -n nzt-u2 link add name vx0 type vxlan id 42 remote 10\.99\.0\.1 local 10\.99\.0\.2 dev ul dstport 4789$/m);
    });

    it('renames interfaces longer than the kernel allows, in links and in rules, and says so', async function () {
        const { setup } = await exported('long-interface-names.netz', exportCaseDir);
        for (const m of setup.matchAll(/link add name (\S+) type veth peer name (\S+)/g)) {
            assert.ok(m[1].length <= KERNEL_IFNAME_MAX && m[2].length <= KERNEL_IFNAME_MAX, m[0]);
        }
        assert.match(setup, /^# rt\.downlink-to-the-client is longer than the kernel's 15 characters: it is named downlink-to-t~0 here/m);
        assert.match(setup, /-A INPUT -m comment --comment "netz:\d+" -i downlink-to-t~0 -p tcp --dport 22 -j DROP/);
    });

    // The temporary name is free in both namespaces the device passes through (in the second file mh has an nztmp0, m1 an nztmp1).
    for (const [file, dir, temp] of [['macvlan-bridge.netz', scenarioDir, 'nztmp0'], ['temporary-name-taken.netz', exportCaseDir, 'nztmp2']]) {
        it(`${file}: makes a container's macvlan next to its parent as ${temp}, then moves it into the container`, async function () {
            const { setup } = await exported(file, dir);
            assert.ok(setup.includes(`\nip -n nzt-mh link add link eth0 name ${temp} type macvlan mode bridge\nip -n nzt-mh link set dev ${temp} netns nzt-m1\nip -n nzt-m1 link set dev ${temp} name mv1\n`), `no macvlan made as ${temp}`);
        });
    }

    it('gives an unwired nic a far end in the stub namespace', async function () {
        const { setup, teardown } = await exported('rp-filter-strict.netz');
        assert.match(setup, /^ip -n nzt-a2 link add name d1 type veth peer name x\d+ netns nzt-@ext$/m);
        assert.match(teardown, /nzt-@ext/);
    });

    it('loads br_netfilter only when a namespace needs it, and sets the switch in every namespace', async function () {
        const on = (await exported('br-netfilter-on.netz')).setup;
        assert.match(on, /^\[ -e \/proc\/sys\/net\/bridge\/bridge-nf-call-iptables \] \|\| modprobe br_netfilter$/m);
        assert.match(on, /^ip netns exec nzt-sw sysctl -qw net\.bridge\.bridge-nf-call-iptables=1$/m);
        assert.match(on, /^ip netns exec nzt-h1 sysctl -qw net\.bridge\.bridge-nf-call-iptables=0$/m);
        const off = (await exported('br-netfilter-off.netz')).setup;
        assert.doesNotMatch(off, /modprobe/);
        assert.match(off, /test -e \/proc\/sys\/net\/bridge\/bridge-nf-call-iptables; then ip netns exec nzt-sw sysctl -qw net\.bridge\.bridge-nf-call-iptables=0/);
    });

    it('keeps a comment as long as iptables allows as written, the marker beside it', async function () {
        const { model, setup } = await exported('long-comment.netz', exportCaseDir);
        const rule = model.namespaces.find((n) => n.name === 'server')!.ruleset.tables.get('filter')!.chains.get('INPUT')!.rules[0];
        assert.equal(/--comment "([^"]*)"/.exec(rule.text)?.[1].length, COMMENT_MAX_BYTES);
        assert.ok(setup.includes(`\n-A INPUT -m comment --comment "netz:${rule.source.line}" ${rule.text}\n`));
    });

    const marked: [text: string, marker: string, expected: string][] = [
        ['-p udp -j DROP', 'netz:9', '-m comment --comment "netz:9" -p udp -j DROP'],
        ['-p tcp -m comment --comment "kube: svc" -j ACCEPT', 'netz:7', '-m comment --comment "netz:7" -p tcp -m comment --comment "kube: svc" -j ACCEPT'],
        ['-j ACCEPT', 'netz:my"rules.v4:3', '-m comment --comment "netz:my\\"rules.v4:3" -j ACCEPT'],
    ];
    for (const [text, marker, expected] of marked) {
        it(`marks ${text} as ${marker} with a comment match of its own`, function () {
            assert.equal(markRule(text, marker), expected);
        });
    }
});
