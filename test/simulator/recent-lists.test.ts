import assert from 'node:assert/strict';
import { parseIptablesSave, emptyRuleset } from '../../language/iptables/iptables-save-parser.js';
import { parseIPv4 } from '../../model/model-api.js';
import type { Match } from '../../model/model-api.js';
import { TCP_SYN } from '../../simulator/packet-types.js';
import type { Packet } from '../../simulator/packet-types.js';
import { compileRecent, copyRecentLists } from '../../simulator/recent-lists.js';
import type { RecentContext, RecentLists } from '../../simulator/recent-lists.js';

const ip = (text: string): number => parseIPv4(text)!;
const request: Packet = {
    proto: 'tcp', src: ip('192.0.2.7'), dst: ip('198.51.100.1'), sport: 40000, dport: 22, icmpType: 0, icmpCode: 0,
    tcpFlags: TCP_SYN, ttl: 64, mark: 0, role: 'request'
};

/** The `-m recent` match of each rule line, in order. */
function recentMatches(lines: string[]): Match[] {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(`*filter\n${lines.map((l) => `-A INPUT ${l}`).join('\n')}\nCOMMIT\n`, ruleset, { file: 'recent.rules' });
    assert.deepEqual(diagnostics.map((d) => d.message), []);
    return ruleset.tables.get('filter')!.chains.get('INPUT')!.rules.map((r) => r.matches.find((m) => m.module === 'recent')!);
}

/** Each case: rules met in order by packets of one probe (the request unless said), and whether each matched. */
const cases: { name: string; steps: { rule: string; packet?: Partial<Packet>; forwarded?: boolean; matches: boolean }[] }[] = [
    {
        name: 'ufw limit: the first connection is recorded once and is not over the hit count',
        steps: [
            { rule: '-m recent --set --name DEFAULT --mask 255.255.255.255 --rsource', matches: true },
            { rule: '-m recent --update --seconds 30 --hitcount 6 --name DEFAULT --mask 255.255.255.255 --rsource', matches: false },
            { rule: '-m recent --rcheck --seconds 30 --name DEFAULT', matches: true },
        ],
    },
    {
        name: 'update records a hit only when it matches, so the hit count is reached by repeated updates',
        steps: [
            { rule: '-m recent --set --name L', matches: true },
            { rule: '-m recent --update --hitcount 2 --name L', matches: false },
            { rule: '-m recent --update --hitcount 1 --name L', matches: true },
            { rule: '-m recent --rcheck --hitcount 2 --name L', matches: true },
        ],
    },
    {
        name: 'an inverted update records when the inverted result holds',
        steps: [
            { rule: '-m recent --set --name I', matches: true },
            { rule: '-m recent ! --update --hitcount 2 --name I', matches: true },
            { rule: '-m recent --rcheck --hitcount 2 --name I', matches: true },
        ],
    },
    {
        name: 'lists are by name; remove deletes and matches only when the address was there',
        steps: [
            { rule: '-m recent --set --name A', matches: true },
            { rule: '-m recent --rcheck --name B', matches: false },
            { rule: '-m recent --remove --name A', matches: true },
            { rule: '-m recent --remove --name A', matches: false },
            { rule: '-m recent ! --rcheck --name A', matches: true },
        ],
    },
    {
        name: 'the reply finds what the request recorded about the other side (rdest, then rsource)',
        steps: [
            { rule: '-m recent --set --name S --rdest', matches: true },
            { rule: '-m recent --rcheck --name S --rsource', packet: { src: ip('198.51.100.1'), dst: ip('192.0.2.7'), role: 'reply' }, matches: true },
            { rule: '-m recent --rcheck --name S --rsource --rdest', packet: { src: ip('198.51.100.1'), dst: ip('192.0.2.7'), role: 'reply' }, matches: false },
        ],
    },
    {
        name: 'the mask makes a network share one entry',
        steps: [
            { rule: '-m recent --set --name M --mask 255.255.255.0', matches: true },
            { rule: '-m recent --rcheck --name M --mask 255.255.255.0', packet: { src: ip('192.0.2.99') }, matches: true },
            { rule: '-m recent --rcheck --name M', packet: { src: ip('192.0.2.99') }, matches: false },
        ],
    },
    {
        name: 'rttl compares the TTL the packet had before this host forwarded it',
        steps: [
            { rule: '-m recent --set --name T', matches: true },
            { rule: '-m recent --rcheck --rttl --name T', packet: { ttl: 63 }, forwarded: true, matches: true },
            { rule: '-m recent --rcheck --rttl --name T', packet: { ttl: 63 }, matches: false },
        ],
    },
];

describe('recent lists (xt_recent)', () => {
    for (const c of cases) {
        it(c.name, () => {
            const matches = recentMatches(c.steps.map((s) => s.rule));
            const recent: RecentLists = new Map();
            c.steps.forEach((s, i) => {
                const context: RecentContext = { netns: 'server', packet: { ...request, ...s.packet }, recent, ...(s.forwarded ? { iif: 'eth0', oif: 'eth1' } : {}) };
                assert.equal(compileRecent(matches[i])(context), s.matches, `step ${i + 1}: ${s.rule}`);
            });
        });
    }

    it('keeps each namespace its own lists, and a copy to look ahead in', () => {
        const [set, check] = recentMatches(['-m recent --set --name N', '-m recent --rcheck --name N']);
        const recent: RecentLists = new Map();
        assert.equal(compileRecent(set)({ netns: 'a', packet: request, recent }), true);
        assert.equal(compileRecent(check)({ netns: 'b', packet: request, recent }), false);
        const ahead = copyRecentLists(recent);
        assert.equal(compileRecent(set)({ netns: 'b', packet: request, recent: ahead }), true);
        assert.equal(compileRecent(check)({ netns: 'b', packet: request, recent }), false);
        assert.equal(compileRecent(check)({ netns: 'a', packet: request, recent }), true);
    });
});
