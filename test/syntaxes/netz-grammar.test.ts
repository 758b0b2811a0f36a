import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { loadGrammar, tokenize, unscoped, scopeOf, root } from './grammar-harness.js';

/**
 * Each case: a context (lines tokenized before, so that the case line may sit inside an
 * `iptables { }` block), the line, and the innermost scope expected for each listed token.
 */
interface Case { name: string; before?: string[]; line: string; expect: [string, string][] }

const IPT = ['iptables {'];
const cases: Case[] = [
    { name: 'host declaration', line: 'host docker-host {', expect: [['host', 'storage.type.namespace.netz'], ['docker-host', 'entity.name.type.namespace.netz'], ['{', 'punctuation.section.block.begin.netz']] },
    { name: 'keyword used as a name', line: 'netns filter { }', expect: [['netns', 'storage.type.namespace.netz'], ['filter', 'entity.name.type.namespace.netz']] },
    { name: 'nic with CIDR', line: '  nic eth0 { address 203.0.113.86/24 }', expect: [['nic', 'storage.type.interface.netz'], ['eth0', 'entity.name.type.interface.netz'], ['address', 'keyword.other.attribute.netz'], ['203.0.113.86/24', 'constant.numeric.cidr.netz']] },
    { name: 'veth with peer and master', line: '  veth veth1 peer c1.veth0 { master br0 }', expect: [['veth', 'storage.type.interface.netz'], ['veth1', 'entity.name.type.interface.netz'], ['peer', 'keyword.other.attribute.netz'], ['c1.veth0', 'variable.other.interface.netz'], ['master', 'keyword.other.attribute.netz'], ['br0', 'variable.other.interface.netz']] },
    { name: 'bridge with stp, mac, mtu, hairpin, down', line: 'bridge br0 { stp on mac 02:42:ac:11:00:02 mtu 1450 hairpin down }', expect: [['bridge', 'storage.type.interface.netz'], ['stp', 'keyword.other.attribute.netz'], ['on', 'constant.language.boolean.netz'], ['02:42:ac:11:00:02', 'constant.numeric.mac.netz'], ['1450', 'constant.numeric.integer.netz'], ['hairpin', 'keyword.other.attribute.netz'], ['down', 'keyword.other.attribute.netz']] },
    { name: 'MAC starting with letters', line: 'tap tap0 { mac aa:bb:cc:dd:ee:ff }', expect: [['tap', 'storage.type.interface.netz'], ['aa:bb:cc:dd:ee:ff', 'constant.numeric.mac.netz']] },
    { name: 'interface without a body', line: 'netns c9 { veth veth0 }', expect: [['veth', 'storage.type.interface.netz'], ['veth0', 'entity.name.type.interface.netz'], ['}', 'punctuation.section.block.end.netz']] },
    { name: 'tun', line: 'tun tun0 { address 10.8.0.1/24 }', expect: [['tun', 'storage.type.interface.netz'], ['tun0', 'entity.name.type.interface.netz']] },
    { name: 'vxlan attributes', line: 'vxlan vx0 { id 42 remote 192.0.2.2 local 192.0.2.1 dev eth0 dstport 4789 }', expect: [['vxlan', 'storage.type.interface.netz'], ['id', 'keyword.other.attribute.netz'], ['42', 'constant.numeric.integer.netz'], ['remote', 'keyword.other.attribute.netz'], ['192.0.2.2', 'constant.numeric.ipv4.netz'], ['local', 'keyword.other.attribute.netz'], ['dev', 'keyword.other.attribute.netz'], ['eth0', 'variable.other.interface.netz'], ['dstport', 'keyword.other.attribute.netz']] },
    { name: 'vxlan group', line: 'vxlan vx1 { id 7 group 239.1.1.1 dev eth1 }', expect: [['group', 'keyword.other.attribute.netz'], ['239.1.1.1', 'constant.numeric.ipv4.netz']] },
    { name: 'macvlan mode bridge is a mode, not a bridge', line: 'macvlan mv0 { parent docker-host.eth0 mode bridge address 198.51.100.11/24 }', expect: [['macvlan', 'storage.type.interface.netz'], ['parent', 'keyword.other.attribute.netz'], ['docker-host.eth0', 'variable.other.interface.netz'], ['mode', 'keyword.other.attribute.netz'], ['bridge', 'constant.language.macvlan-mode.netz']] },
    { name: 'macvlan other modes', line: 'mode vepa', expect: [['vepa', 'constant.language.macvlan-mode.netz']] },
    { name: 'vlan', line: 'vlan eth0.100 { parent eth0 id 100 }', expect: [['vlan', 'storage.type.interface.netz'], ['eth0.100', 'entity.name.type.interface.netz'], ['100', 'constant.numeric.integer.netz']] },
    { name: 'route', line: 'route default via 203.0.113.1 dev eth0 metric 100', expect: [['route', 'keyword.other.statement.netz'], ['default', 'constant.language.default.netz'], ['via', 'keyword.other.attribute.netz'], ['203.0.113.1', 'constant.numeric.ipv4.netz'], ['metric', 'keyword.other.attribute.netz'], ['100', 'constant.numeric.integer.netz']] },
    { name: 'route onlink', line: 'route 198.51.100.0/24 via 192.0.2.9 dev eth0 onlink', expect: [['onlink', 'keyword.other.attribute.netz']] },
    { name: 'a comment after a rule does not close the block', before: IPT, line: '-A INPUT -j ACCEPT # ok }', expect: [['# ok }', 'comment.line.number-sign.iptables.netz']] },
    { name: 'a quoted brace does not close the block', before: IPT, line: '-A INPUT -m comment --comment "}" -j ACCEPT', expect: [['ACCEPT', 'keyword.control.verdict.netz']] },
    { name: 'sysctl', line: 'sysctl net.ipv4.conf.eth0.rp_filter = 2', expect: [['sysctl', 'keyword.other.sysctl.netz'], ['net.ipv4.conf.eth0.rp_filter', 'support.variable.sysctl.netz'], ['=', 'keyword.operator.assignment.netz'], ['2', 'constant.numeric.integer.netz']] },
    { name: 'listen', line: 'listen tcp 8080', expect: [['listen', 'keyword.other.statement.netz'], ['tcp', 'support.constant.protocol.netz'], ['8080', 'constant.numeric.integer.netz']] },
    { name: 'wire', line: 'wire docker-host.eth0 -- isp.eth0', expect: [['wire', 'keyword.other.wire.netz'], ['docker-host.eth0', 'variable.other.interface.netz'], ['--', 'keyword.operator.wire.netz'], ['isp.eth0', 'variable.other.interface.netz']] },
    { name: 'probe', line: 'probe c1-web from c1 src 192.168.31.10 to 198.51.100.183 tcp sport 40000 dport 80 expect established', expect: [['probe', 'keyword.other.probe.netz'], ['c1-web', 'entity.name.function.probe.netz'], ['from', 'keyword.other.probe.netz'], ['c1', 'variable.other.namespace.netz'], ['src', 'keyword.other.probe.netz'], ['to', 'keyword.other.probe.netz'], ['198.51.100.183', 'constant.numeric.ipv4.netz'], ['tcp', 'support.constant.protocol.netz'], ['sport', 'keyword.other.probe.netz'], ['dport', 'keyword.other.probe.netz'], ['expect', 'keyword.other.probe.netz'], ['established', 'constant.language.outcome.netz']] },
    { name: 'probe with iif and at TABLE CHAIN', line: 'probe in from gw src 203.0.113.9 to gw udp iif eth0 expect dropped at gw filter INPUT', expect: [['iif', 'keyword.other.attribute.netz'], ['udp', 'support.constant.protocol.netz'], ['dropped', 'constant.language.outcome.netz'], ['at', 'keyword.other.probe.netz'], ['filter', 'support.type.table.netz'], ['INPUT', 'entity.name.function.chain.netz']] },
    { name: 'probe to a namespace, icmp', line: 'probe ping from c1 to server icmp expect rejected at isp', expect: [['server', 'variable.other.namespace.netz'], ['icmp', 'support.constant.protocol.netz'], ['rejected', 'constant.language.outcome.netz'], ['isp', 'variable.other.namespace.netz']] },
    { name: 'comments', line: 'nic eth0 { } # a NIC', expect: [['# a NIC', 'comment.line.number-sign.netz']] },
    { name: 'double-slash comment', line: '// note', expect: [['// note', 'comment.line.double-slash.netz']] },
    { name: 'block comment', line: '/* a */ host h { }', expect: [['/*', 'comment.block.netz'], ['host', 'storage.type.namespace.netz']] },
    { name: 'iptables from', line: 'iptables from "rules/host1.v4"', expect: [['iptables', 'keyword.other.statement.netz'], ['from', 'keyword.other.netz'], ['rules/host1.v4', 'string.quoted.double.netz']] },
    { name: 'iptables block opens', line: 'iptables {', expect: [['iptables', 'keyword.other.statement.netz'], ['{', 'punctuation.section.block.begin.netz']] },
    { name: 'table header', before: IPT, line: '*nat', expect: [['*', 'punctuation.definition.table.netz'], ['nat', 'entity.name.section.table.netz']] },
    { name: 'built-in chain declaration', before: IPT, line: ':PREROUTING ACCEPT [12:3456]', expect: [[':', 'punctuation.definition.chain.netz'], ['PREROUTING', 'entity.name.function.chain.netz'], ['ACCEPT', 'keyword.control.verdict.netz'], ['[12:3456]', 'constant.numeric.counters.netz']] },
    { name: 'user chain declaration', before: IPT, line: ':KUBE-SVC-X - [0:0]', expect: [['KUBE-SVC-X', 'entity.name.function.chain.netz'], ['-', 'punctuation.definition.no-policy.netz'], ['[0:0]', 'constant.numeric.counters.netz']] },
    { name: 'MASQUERADE rule with negation', before: IPT, line: '-A POSTROUTING -s 192.168.31.0/24 ! -o br0 -j MASQUERADE', expect: [['-A', 'keyword.control.command.netz'], ['POSTROUTING', 'entity.name.function.chain.netz'], ['-s', 'variable.parameter.option.netz'], ['192.168.31.0/24', 'constant.numeric.cidr.netz'], ['!', 'keyword.operator.negation.netz'], ['-o', 'variable.parameter.option.netz'], ['br0', 'string.unquoted.argument.netz'], ['-j', 'keyword.control.jump.netz'], ['MASQUERADE', 'support.function.target.netz']] },
    { name: 'modules, long options, verdict', before: IPT, line: '-A INPUT -p tcp -m conntrack --ctstate NEW,ESTABLISHED -m tcp --dport 22 -j ACCEPT', expect: [['-p', 'variable.parameter.option.netz'], ['tcp', 'support.constant.protocol.netz'], ['-m', 'variable.parameter.option.netz'], ['conntrack', 'support.type.module.netz'], ['--ctstate', 'variable.parameter.option.netz'], ['NEW', 'string.unquoted.argument.netz'], [',', 'punctuation.separator.netz'], ['22', 'constant.numeric.integer.netz'], ['ACCEPT', 'keyword.control.verdict.netz']] },
    { name: 'user chain target and goto', before: IPT, line: '-I FORWARD 1 -j DOCKER-USER', expect: [['-I', 'keyword.control.command.netz'], ['FORWARD', 'entity.name.function.chain.netz'], ['1', 'constant.numeric.integer.netz'], ['DOCKER-USER', 'entity.name.function.chain.netz']] },
    { name: 'goto', before: IPT, line: '-A KUBE-SERVICES -g KUBE-SVC-ABC123', expect: [['-g', 'keyword.control.jump.netz'], ['KUBE-SVC-ABC123', 'entity.name.function.chain.netz']] },
    { name: 'quoted comment and mark', before: IPT, line: '-A OUTPUT -m comment --comment "kube \\"x\\" rule" -j MARK --set-xmark 0x4000/0x4000', expect: [['"', 'string.quoted.double.netz'], ['\\"', 'constant.character.escape.netz'], ['MARK', 'support.function.target.netz'], ['--set-xmark', 'variable.parameter.option.netz'], ['0x4000', 'constant.numeric.integer.netz'], ['/', 'punctuation.separator.netz']] },
    { name: 'DNAT with port and ranges', before: IPT, line: '-A PREROUTING -p tcp -m multiport --dports 8000:8080 -j DNAT --to-destination 10.0.0.2:80', expect: [['multiport', 'support.type.module.netz'], ['8000', 'constant.numeric.integer.netz'], [':', 'punctuation.separator.netz'], ['DNAT', 'support.function.target.netz'], ['10.0.0.2', 'constant.numeric.ipv4.netz']] },
    { name: 'counters before a rule', before: IPT, line: '[5:300] -A INPUT -j DROP', expect: [['[5:300]', 'constant.numeric.counters.netz'], ['-A', 'keyword.control.command.netz'], ['DROP', 'keyword.control.verdict.netz']] },
    { name: 'statistic probability', before: IPT, line: '-A KUBE-SVC-X -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-Y', expect: [['statistic', 'support.type.module.netz'], ['random', 'string.unquoted.argument.netz'], ['0.5000000000', 'constant.numeric.integer.netz']] },
    { name: 'REJECT is an extension target', before: IPT, line: '-A INPUT -j REJECT --reject-with icmp-host-prohibited', expect: [['REJECT', 'support.function.target.netz'], ['--reject-with', 'variable.parameter.option.netz'], ['icmp-host-prohibited', 'string.unquoted.argument.netz']] },
    { name: 'mac match', before: IPT, line: '-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j RETURN', expect: [['00:11:22:33:44:55', 'constant.numeric.mac.netz'], ['RETURN', 'keyword.control.verdict.netz']] },
    { name: 'COMMIT', before: IPT, line: 'COMMIT', expect: [['COMMIT', 'keyword.control.commit.netz']] },
    { name: 'comment line inside iptables', before: IPT, line: '# Generated by iptables-save v1.8.9', expect: [['# Generated by iptables-save v1.8.9', 'comment.line.number-sign.iptables.netz']] },
    { name: 'iptables block closes', before: [...IPT, 'COMMIT'], line: '}', expect: [['}', 'punctuation.section.block.end.netz']] },
    { name: 'back at top level after the block', before: [...IPT, '-A INPUT -j ACCEPT', '}'], line: 'route 10.0.0.0/8 via 192.0.2.1', expect: [['route', 'keyword.other.statement.netz'], ['10.0.0.0/8', 'constant.numeric.cidr.netz']] }
];

/** Files under `dir` (recursively) whose name ends with `suffix`; none when `dir` does not exist yet. */
function filesIn(dir: string, suffix: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith(suffix)).map(f => join(dir, f)).sort();
}

/** iptables-save dumps: the shared corpus and the rule files that examples read with `iptables from`. */
function iptablesSaveFiles(): string[] {
    const examples = filesIn(join(root, 'examples'), '').filter(f => !f.endsWith('.netz') && statSync(f).isFile());
    return [...filesIn(join(root, '..', 'shared', 'corpus', 'iptables-save'), '.txt'), ...examples];
}

describe('netz TextMate grammar', () => {
    let grammar: IGrammar;
    before(async () => { grammar = await loadGrammar(); });

    for (const c of cases) {
        it(`scopes ${c.name}`, () => {
            const before = c.before ?? [];
            const tokens = tokenize(grammar, [...before, c.line].join('\n')).at(-1) ?? [];
            for (const [text, scope] of c.expect) {
                assert.equal(scopeOf(tokens, text), scope, `"${text}" in: ${c.line}`);
            }
        });
    }

    it('does not split keywords out of names', () => {
        const tokens = tokenize(grammar, 'veth my-host-veth peer docker-host.eth0 { }')[0];
        assert.equal(scopeOf(tokens, 'my-host-veth'), 'entity.name.type.interface.netz');
        assert.ok(!tokens.some(t => t.text === 'host'), 'no token "host" split out of a name');
    });

    it('leaves no token unscoped in the examples/', function () {
        const files = filesIn(join(root, 'examples'), '.netz');
        if (files.length === 0) this.skip();
        for (const file of files) {
            const lines = tokenize(grammar, readFileSync(file, 'utf8'));
            assert.deepEqual(unscoped(lines), [], file);
        }
    });

    it('leaves no token unscoped in the seed scenario of LANGUAGE.md', () => {
        const doc = readFileSync(join(root, '..', 'shared', 'design', 'LANGUAGE.md'), 'utf8');
        const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)].map(m => m[1]).filter(b => b.includes('host ') && b.includes('wire ') && b.includes('probe '));
        assert.ok(blocks.length > 0, 'the seed scenario is in LANGUAGE.md');
        for (const block of blocks) assert.deepEqual(unscoped(tokenize(grammar, block)), []);
    });

    it('scopes every token of the iptables-save corpus and example rule files wrapped in iptables { }', () => {
        const files = iptablesSaveFiles();
        assert.ok(files.length > 0, 'corpus present');
        for (const file of files) {
            const body = readFileSync(file, 'utf8');
            const lines = tokenize(grammar, `iptables {\n${body}\n}\nhost after { }`);
            assert.deepEqual(unscoped(lines), [], file);
            const last = lines.at(-1) ?? [];
            assert.equal(scopeOf(last, 'host'), 'storage.type.namespace.netz', `${file}: the block closes`);
        }
    });
});

describe('iptables-save TextMate grammar (a dump opened on its own)', () => {
    let grammar: IGrammar;
    before(async () => { grammar = await loadGrammar('source.iptables-save'); });

    it('scopes a dump\'s lines as an iptables { } block does', () => {
        const lines = tokenize(grammar, '# Generated by iptables-save v1.8.9\n*nat\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\nCOMMIT');
        assert.equal(scopeOf(lines[0], '# Generated by iptables-save v1.8.9'), 'comment.line.number-sign.iptables.netz');
        assert.equal(scopeOf(lines[1], 'nat'), 'entity.name.section.table.netz');
        assert.equal(scopeOf(lines[2], 'DOCKER'), 'entity.name.function.chain.netz');
        assert.equal(scopeOf(lines[3], 'addrtype'), 'support.type.module.netz');
        assert.equal(scopeOf(lines[4], 'COMMIT'), 'keyword.control.commit.netz');
    });

    it('scopes every token of the iptables-save corpus and example rule files', () => {
        for (const file of iptablesSaveFiles()) {
            assert.deepEqual(unscoped(tokenize(grammar, readFileSync(file, 'utf8'))), [], file);
        }
    });
});
