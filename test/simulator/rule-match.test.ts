import assert from 'node:assert/strict';
import { loadNetzText } from '../../language/netz-loader.js';
import { parseIPv4 } from '../../model/model-api.js';
import type { Ruleset } from '../../model/model-api.js';
import { TCP_ACK, TCP_SYN } from '../../simulator/packet-types.js';
import type { Packet } from '../../simulator/packet-types.js';
import { emptyMatchState } from '../../simulator/match-state.js';
import { compileRule } from '../../simulator/rule-match.js';
import type { MatchContext } from '../../simulator/rule-match.js';
import { topologyIndex } from '../../simulator/topology-index.js';
import type { TopologyIndex } from '../../simulator/topology-index.js';

/** Each case: a rule line, the packet and interfaces it is tested against, and whether it matches. */
interface Case {
    rule: string;
    packet?: Partial<Packet>;
    iif?: string;
    oif?: string;
    physIn?: string;
    matches: boolean;
}

const ip = (text: string): number => parseIPv4(text)!;
const base: Packet = {
    proto: 'tcp', src: ip('10.0.1.2'), dst: ip('10.0.1.1'), sport: 40000, dport: 80, icmpType: 0, icmpCode: 0,
    tcpFlags: TCP_SYN, ttl: 64, mark: 0, role: 'request'
};

const cases: Case[] = [
    { rule: '-s 10.0.1.0/24', matches: true },
    { rule: '! -s 10.0.1.0/24', matches: false },
    { rule: '-d 10.0.1.1', matches: true },
    { rule: '-s 10.0.1.0/255.255.255.0', matches: true },
    { rule: '-i veth+', iif: 'veth7', matches: true },
    { rule: '-i veth+', iif: 'eth0', matches: false },
    { rule: '! -i eth0', iif: 'eth1', matches: true },
    { rule: '-o eth0', matches: false },
    { rule: '-p udp', matches: false },
    { rule: '-p all', matches: true },
    { rule: '-p tcp --dport 1:1024', matches: true },
    { rule: '-p tcp ! --dport 80', matches: false },
    { rule: '-p tcp --sport 40000', matches: true },
    { rule: '-p tcp --syn', matches: true },
    { rule: '-p tcp --syn', packet: { tcpFlags: TCP_SYN | TCP_ACK }, matches: false },
    { rule: '-p tcp --tcp-flags SYN,ACK ACK', packet: { tcpFlags: TCP_ACK }, matches: true },
    { rule: '-p icmp --icmp-type echo-request', packet: { proto: 'icmp', icmpType: 8 }, matches: true },
    { rule: '-p icmp --icmp-type 3/3', packet: { proto: 'icmp', icmpType: 3, icmpCode: 1 }, matches: false },
    { rule: '-p tcp -m multiport --dports 22,80', matches: true },
    { rule: '-p tcp -m multiport --ports 40000', matches: true },
    { rule: '-m mark --mark 0x1/0xf', packet: { mark: 0x31 }, matches: true },
    { rule: '-m mark --mark 0x1', packet: { mark: 0x31 }, matches: false },
    { rule: '-m iprange --dst-range 10.0.1.0-10.0.1.9', matches: true },
    { rule: '-m addrtype --dst-type LOCAL', matches: true },
    { rule: '-m addrtype --src-type LOCAL', matches: false },
    { rule: '-m addrtype --dst-type BROADCAST', packet: { dst: ip('10.0.1.255') }, matches: true },
    { rule: '-m addrtype --dst-type MULTICAST', packet: { dst: ip('239.1.1.1') }, matches: true },
    { rule: '-f', matches: false },
    { rule: '! -f', matches: true },
    { rule: '-m physdev --physdev-in p1', physIn: 'p1', matches: true },
    { rule: '-m physdev --physdev-is-bridged', physIn: 'p1', matches: false },
    { rule: '-m comment --comment "any packet"', matches: true },
    { rule: '-m statistic --mode nth --every 2 --packet 0', matches: true },
    { rule: '-m statistic --mode nth --every 2 --packet 1', matches: false },
    { rule: '-m recent --set --name A', matches: true },
    { rule: '-m recent ! --set --name B', matches: false },
    { rule: '-m recent --rcheck --name C', matches: false },
    { rule: '-m recent ! --update --seconds 60 --name D', matches: true },
    { rule: '-p tcp -m connlimit --connlimit-above 0', matches: true },
    { rule: '-p tcp -m connlimit --connlimit-above 1', matches: false },
    { rule: '-p tcp -m connlimit ! --connlimit-above 1', matches: true },
    { rule: '-p tcp -m connlimit --connlimit-upto 0', matches: false },
    { rule: '-m hashlimit --hashlimit-above 1/sec --hashlimit-name E', matches: false }
];

describe('rule matching', () => {
    let index: TopologyIndex;
    let ruleset: Ruleset;
    before(async () => {
        const body = cases.map((c) => `-A FORWARD ${c.rule}`).join('\n');
        const { model, diagnostics } = await loadNetzText(`netns ns {\n  nic s0 { address 10.0.1.1/24 }\n  iptables {\n${body}\n  }\n}\n`, 'match.netz');
        assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
        index = topologyIndex(model);
        ruleset = model.namespaces[0].ruleset;
    });
    cases.forEach((c, i) => {
        it(`${c.matches ? 'matches' : 'does not match'}: ${c.rule}`, () => {
            const rule = ruleset.tables.get('filter')!.chains.get('FORWARD')!.rules[i];
            const context: MatchContext = {
                index, netns: 'ns', hook: 'FORWARD', packet: { ...base, ...c.packet }, iif: c.iif ?? 's0', oif: c.oif,
                physIn: c.physIn, bridged: false, state: emptyMatchState()
            };
            assert.equal(compileRule(rule).test(context), c.matches);
        });
    });
});
