import assert from 'node:assert/strict';
import { parseIPv4 } from '../../model/model-api.js';
import { applyStoredNat, conntrackConfirm, conntrackLookup } from '../../simulator/conntrack-table.js';
import type { ConntrackTables } from '../../simulator/conntrack-table.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../simulator/packet-types.js';
import type { Packet } from '../../simulator/packet-types.js';

const a = parseIPv4('10.0.1.2')!;
const b = parseIPv4('203.0.113.2')!;

function tcp(flags: number, src = a, dst = b, sport = 40000, dport = 80): Packet {
    return { proto: 'tcp', src, dst, sport, dport, icmpType: 0, icmpCode: 0, tcpFlags: flags, ttl: 64, mark: 0, role: 'request' };
}

describe('conntrack table', () => {
    // SEMANTICS.md §3 [V exp15], nf_conntrack_tcp_loose=1.
    const cases: [string, number, string][] = [
        ['a SYN', TCP_SYN, 'NEW'],
        ['a bare ACK (mid-stream pickup)', TCP_ACK, 'NEW'],
        ['SYN+FIN', TCP_SYN | TCP_FIN, 'INVALID'],
        ['a bare RST', TCP_RST, 'INVALID'],
        ['a SYN-ACK without a SYN', TCP_SYN | TCP_ACK, 'INVALID']
    ];
    for (const [what, flags, state] of cases) {
        it(`classes ${what} with no entry as ${state}`, () => {
            assert.equal(conntrackLookup(new Map(), 'rt', tcp(flags)).state, state);
        });
    }

    it('classes an echo reply with no entry as INVALID and an echo request as NEW', () => {
        const echo = (type: number): Packet => ({ ...tcp(0), proto: 'icmp', icmpType: type, sport: 1, dport: 1 });
        assert.equal(conntrackLookup(new Map(), 'rt', echo(0)).state, 'INVALID');
        assert.equal(conntrackLookup(new Map(), 'rt', echo(8)).state, 'NEW');
    });

    it('finds a confirmed entry from the reply, which is ESTABLISHED and de-NATed', () => {
        const tables: ConntrackTables = new Map();
        const ct = conntrackLookup(tables, 'rt', tcp(TCP_SYN));
        const masq = parseIPv4('203.0.113.1')!;
        ct.entry!.reply.dst = masq;
        ct.entry!.snat = true;
        conntrackConfirm(tables, ct);
        const reply = tcp(TCP_SYN | TCP_ACK, b, masq, 80, 40000);
        const back = conntrackLookup(tables, 'rt', reply);
        assert.equal(back.state, 'ESTABLISHED');
        assert.equal(back.direction, 'reply');
        assert.ok(applyStoredNat(reply, back, 'dst'));
        assert.equal(reply.dst, a);
    });

    it('keeps an unconfirmed entry invisible (a dropped packet leaves nothing behind)', () => {
        const tables: ConntrackTables = new Map();
        conntrackLookup(tables, 'rt', tcp(TCP_SYN));
        assert.equal(conntrackLookup(tables, 'rt', tcp(TCP_SYN | TCP_ACK, b, a, 80, 40000)).state, 'INVALID');
    });

    it('relates an ICMP error to the flow it quotes', () => {
        const tables: ConntrackTables = new Map();
        const ct = conntrackLookup(tables, 'rt', tcp(TCP_SYN));
        conntrackConfirm(tables, ct);
        const error: Packet = { ...tcp(0, b, a, 0, 0), proto: 'icmp', icmpType: 3, icmpCode: 3, role: 'error', inner: { proto: 'tcp', src: a, dst: b, sport: 40000, dport: 80 } };
        assert.equal(conntrackLookup(tables, 'rt', error).state, 'RELATED');
    });
});
