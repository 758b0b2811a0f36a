import assert from 'node:assert/strict';
import { parseIptablesSave, emptyRuleset } from '../../language/iptables/iptables-save-parser.js';
import { parseIPv4 } from '../../model/model-api.js';
import type { Match } from '../../model/model-api.js';
import { TCP_SYN } from '../../simulator/packet-types.js';
import type { Packet } from '../../simulator/packet-types.js';
import { compileHashlimit, compileRecent, copyMatchState, emptyMatchState } from '../../simulator/match-state.js';
import type { StateContext } from '../../simulator/match-state.js';

const ip = (text: string): number => parseIPv4(text)!;
const request: Packet = {
    proto: 'tcp', src: ip('192.0.2.7'), dst: ip('198.51.100.1'), sport: 40000, dport: 22, icmpType: 0, icmpCode: 0,
    tcpFlags: TCP_SYN, ttl: 64, mark: 0, role: 'request'
};

/** The `-m MODULE` match of each rule line, in order. */
function matchesOf(module: string, lines: string[]): Match[] {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(`*filter\n${lines.map((l) => `-A INPUT ${l}`).join('\n')}\nCOMMIT\n`, ruleset, { file: 'recent.rules' });
    assert.deepEqual(diagnostics.map((d) => d.message), []);
    return ruleset.tables.get('filter')!.chains.get('INPUT')!.rules.map((r) => r.matches.find((m) => m.module === module)!);
}

interface Step {
    rule: string;
    packet?: Partial<Packet>;
    forwarded?: boolean;
    matches: boolean;
}

/** Each case: rules met in order by packets of one probe (the request unless said), and whether each matched. */
const recentCases: { name: string; steps: Step[] }[] = [
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

const reply: Partial<Packet> = { src: ip('198.51.100.1'), dst: ip('192.0.2.7'), sport: 22, dport: 40000, role: 'reply' };

const hashlimitCases: { name: string; steps: Step[] }[] = [
    {
        name: 'a first packet is under any packet rate, and takes a token',
        steps: [
            { rule: '-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name H1', matches: true },
            { rule: '-m hashlimit --hashlimit-above 1/hour --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name H1', matches: true },
        ],
    },
    {
        name: 'above (or a negated upto) matches only once the burst is spent',
        steps: [
            { rule: '-m hashlimit --hashlimit-above 5/sec --hashlimit-burst 2 --hashlimit-name H2', matches: false },
            { rule: '-m hashlimit ! --hashlimit-upto 5/sec --hashlimit-burst 2 --hashlimit-name H2', matches: false },
            { rule: '-m hashlimit --hashlimit-above 5/sec --hashlimit-burst 2 --hashlimit-name H2', matches: true },
        ],
    },
    {
        name: 'the mode and masks decide which packets share a bucket: by source, the reply has its own; by /8, a neighbour shares',
        steps: [
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name H3', matches: true },
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name H3', packet: reply, matches: true },
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-srcmask 8 --hashlimit-name H3', packet: { src: ip('192.9.9.9') }, matches: true },
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-srcmask 8 --hashlimit-name H3', matches: false },
        ],
    },
    {
        name: 'without a mode every packet shares one bucket',
        steps: [
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name H4', matches: true },
            { rule: '-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name H4', packet: reply, matches: false },
        ],
    },
];

function run(module: string, compile: (m: Match) => ((c: StateContext) => boolean) | undefined, cases: { name: string; steps: Step[] }[]): void {
    for (const c of cases) {
        it(c.name, () => {
            const matches = matchesOf(module, c.steps.map((s) => s.rule));
            const state = emptyMatchState();
            c.steps.forEach((s, i) => {
                const context: StateContext = { netns: 'server', packet: { ...request, ...s.packet }, state, ...(s.forwarded ? { iif: 'eth0', oif: 'eth1' } : {}) };
                assert.equal(compile(matches[i])!(context), s.matches, `step ${i + 1}: ${s.rule}`);
            });
        });
    }
}

describe('match state', () => {
    it('leaves a byte-rate hashlimit to the unmodelled option that stands for it', () => {
        const ruleset = emptyRuleset();
        parseIptablesSave('*filter\n-A INPUT -m hashlimit --hashlimit-above 1mb/s --hashlimit-name B -j DROP\nCOMMIT\n', ruleset, { file: 'b.rules' });
        const rule = ruleset.tables.get('filter')!.chains.get('INPUT')!.rules[0];
        assert.deepEqual(rule.unmodelled.map((u) => u.text), ['--hashlimit-above 1mb/s']);
        assert.equal(compileHashlimit(rule.matches.find((m) => m.module === 'hashlimit')!), undefined);
    });

    describe('recent lists (xt_recent)', () => run('recent', compileRecent, recentCases));
    describe('hashlimit buckets (xt_hashlimit)', () => run('hashlimit', compileHashlimit, hashlimitCases));

    it('keeps each namespace its own lists, and a copy to look ahead in', () => {
        const [set, check] = matchesOf('recent', ['-m recent --set --name N', '-m recent --rcheck --name N']);
        const state = emptyMatchState();
        assert.equal(compileRecent(set)({ netns: 'a', packet: request, state }), true);
        assert.equal(compileRecent(check)({ netns: 'b', packet: request, state }), false);
        const ahead = copyMatchState(state);
        assert.equal(compileRecent(set)({ netns: 'b', packet: request, state: ahead }), true);
        assert.equal(compileRecent(check)({ netns: 'b', packet: request, state }), false);
        assert.equal(compileRecent(check)({ netns: 'a', packet: request, state }), true);
    });
});
