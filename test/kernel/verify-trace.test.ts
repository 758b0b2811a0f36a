import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRACE_RULE_COMMENT, parseTrace, traceRulesRestore } from '../../kernel/verify-trace.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'traces');

describe('parseTrace (xtables-monitor --trace output)', function () {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.trace'))) {
        it(`reads ${file} as recorded on a real kernel`, function () {
            const parsed = parseTrace('rt', readFileSync(join(dir, file), 'utf8'));
            const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.trace$/, '.expected.json')), 'utf8'));
            assert.deepEqual(
                {
                    packets: parsed.packets.map((p) => ({ signature: p.signature, flags: p.flags })),
                    steps: parsed.steps.map((s) => JSON.parse(JSON.stringify({ packetId: s.packetId, table: s.table, chain: s.chain, kind: s.kind, verdict: s.verdict, marker: s.marker, target: s.target }))),
                },
                expected,
            );
        });
    }

    it('keeps a packet made while another is processed (an RST sent by REJECT) out of the other packet\'s steps', function () {
        const parsed = parseTrace('rt', readFileSync(join(dir, 'forward-jump-reject.trace'), 'utf8'));
        const ids = parsed.steps.map((s) => s.packetId);
        const firstRst = ids.indexOf('57c5ed9b');
        assert.ok(ids.lastIndexOf('8a48805a') < firstRst, 'the SYN\'s REJECT step comes before the RST\'s steps');
    });

    it('leaves out a retransmission (the same packet a second later) and the runner\'s own TRACE rules', function () {
        const text = [
            '@1000 PACKET: 2 aaaa0001 OUT=eth0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 TOS=0x0 TTL=64 ID=1 DF SPORT=40000 DPORT=80 SYN ',
            `@1000  TRACE: 2 aaaa0001 raw:OUTPUT:rule:0x4:CONTINUE  -4 -t raw -A OUTPUT -m comment --comment ${TRACE_RULE_COMMENT} -j TRACE`,
            '@1000  TRACE: 2 aaaa0001 filter:OUTPUT:rule:0x9:CONTINUE  -4 -t filter -A OUTPUT -m comment --comment "netz:12" -m comment --comment audit -j LOG',
            '@2010 PACKET: 2 aaaa0002 OUT=eth0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 TOS=0x0 TTL=64 ID=2 DF SPORT=40000 DPORT=80 SYN ',
            '@2010  TRACE: 2 aaaa0002 filter:OUTPUT:rule:0x9:CONTINUE  -4 -t filter -A OUTPUT -m comment --comment "netz:12" -m comment --comment audit -j LOG',
        ].join('\n');
        const parsed = parseTrace('c', text);
        assert.deepEqual(parsed.steps.map((s) => [s.packetId, s.marker, s.target]), [['aaaa0001', 'netz:12', 'LOG']]);
    });

    // The marker is a comment match of its own; the rule's own comments, printed before or after it, are never one.
    const markers: [rule: string, marker: string | undefined][] = [
        ['-p tcp -m comment --comment "netz:9" -m tcp --dport 22 -m comment --comment "keep ssh closed" -j DROP', 'netz:9'],
        ['-m comment --comment "say \\"netz:4\\" here" -m comment --comment netz:rules.v4:5 -j DROP', 'netz:rules.v4:5'],
        ['-m comment --comment "netz:3 written by hand" -j DROP', undefined],
        ['-p udp -j DROP', undefined],
    ];
    for (const [rule, marker] of markers) {
        it(`reads the marker ${marker ?? 'as missing'} from ${rule}`, function () {
            const parsed = parseTrace('m', `@1 PACKET: 2 eeee0001 IN=eth0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 ID=3 \n@1  TRACE: 2 eeee0001 filter:INPUT:rule:0x5:DROP  -4 -t filter -A INPUT ${rule}`);
            assert.deepEqual(parsed.steps.map((s) => s.marker), [marker]);
        });
    }

    it('tells a retransmission by its new IP ID even when both arrive together (a loaded machine bunches the output)', function () {
        const text = [
            '@3000 PACKET: 2 cccc0001 OUT=eth0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 TOS=0x0 TTL=64 ID=40 DF SPORT=40001 DPORT=80 SYN ',
            '@3000  TRACE: 2 cccc0001 filter:OUTPUT:policy:ACCEPT ',
            '@3000 PACKET: 2 cccc0002 OUT=eth0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 TOS=0x0 TTL=64 ID=41 DF SPORT=40001 DPORT=80 SYN ',
            '@3000  TRACE: 2 cccc0002 filter:OUTPUT:policy:ACCEPT ',
        ].join('\n');
        assert.deepEqual(parseTrace('c', text).steps.map((s) => s.packetId), ['cccc0001']);
    });

    it('keeps the same packet (same IP ID) traced again after a delay, as when it waited for its neighbour', function () {
        const text = [
            '@4000 PACKET: 2 dddd0001 IN=eth0 SRC=192.0.2.1 DST=198.51.100.2 LEN=60 TOS=0x0 TTL=64 ID=9 DF SPORT=40002 DPORT=80 SYN ',
            '@4000  TRACE: 2 dddd0001 raw:PREROUTING:policy:ACCEPT ',
            '@4900 PACKET: 2 dddd0002 IN=eth0 SRC=192.0.2.1 DST=198.51.100.2 LEN=60 TOS=0x0 TTL=64 ID=9 DF SPORT=40002 DPORT=80 SYN ',
            '@4900  TRACE: 2 dddd0002 filter:FORWARD:policy:ACCEPT ',
        ].join('\n');
        assert.deepEqual(parseTrace('r', text).steps.map((s) => s.packetId), ['dddd0001', 'dddd0002']);
    });

    it('keeps the same packet under a new trace id when it moves from a bridge port to the bridge (INPUT after PREROUTING)', function () {
        const text = [
            '@5000 PACKET: 2 bbbb0001 IN=br0 SRC=192.0.2.1 DST=192.0.2.254 LEN=60 TOS=0x0 TTL=64 ID=7 DF SPORT=41698 DPORT=22 SYN ',
            '@5000  TRACE: 2 bbbb0001 raw:PREROUTING:policy:ACCEPT ',
            '@5001 PACKET: 2 bbbb0002 IN=br0 SRC=192.0.2.1 DST=192.0.2.254 LEN=60 TOS=0x0 TTL=64 ID=7 DF SPORT=41698 DPORT=22 SYN ',
            '@5001  TRACE: 2 bbbb0002 filter:INPUT:rule:0x4:DROP  -4 -t filter -A INPUT -p tcp -m comment --comment "netz:9" -m tcp --dport 22 -j DROP',
        ].join('\n');
        const parsed = parseTrace('sw', text);
        assert.deepEqual(parsed.steps.map((s) => `${s.table}:${s.chain}:${s.kind}:${s.verdict}`), ['raw:PREROUTING:policy:ACCEPT', 'filter:INPUT:rule:DROP']);
    });

    it('puts the TRACE rules first in raw PREROUTING and OUTPUT, tracing only the first packet each way of TCP', function () {
        const text = traceRulesRestore();
        assert.match(text, /^\*raw\n/);
        assert.match(text, /-I PREROUTING 1 ! -p tcp -m comment --comment netz-trace -j TRACE/);
        assert.match(text, /-I OUTPUT 2 -p tcp --tcp-flags SYN SYN -m comment --comment netz-trace -j TRACE/);
        assert.match(text, /COMMIT\n$/);
    });
});
