import assert from 'node:assert/strict';
import { deltas, parseProc } from '../../kernel/verify-counters.js';

const snmp = (inAddrErrors: number, inEchos: number) => [
    'Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors',
    `Ip: 2 64 10 0 ${inAddrErrors}`,
    'Icmp: InMsgs InErrors InEchos',
    `Icmp: 3 0 ${inEchos}`,
    'IcmpMsg: InType8',
    `IcmpMsg: ${inEchos}`,
    'IpExt: InNoRoutes InTruncatedPkts',
    'IpExt: 0 0',
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100A8C0:0050 0200A8C0:9C40 03 00000000:00000000 02:00000067 00000002     0        0 0 0 00000000',
    '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 00000000',
].join('\n');

describe('kernel counters (/proc/net/snmp, netstat, tcp)', function () {
    it('names every counter by its section, and finds half-open (SYN_RECV) connections by local port', function () {
        const parsed = parseProc(snmp(1, 2));
        assert.equal(parsed.counters.get('IpInAddrErrors'), 1);
        assert.equal(parsed.counters.get('IcmpInEchos'), 2);
        assert.equal(parsed.counters.get('IpExtInNoRoutes'), 0);
        assert.deepEqual(parsed.synReceivedPorts, [80]);
    });

    it('reports only the counters that moved, per namespace', function () {
        const before = new Map([['rt', parseProc(snmp(1, 2))]]);
        const after = new Map([['rt', parseProc(snmp(3, 2))]]);
        assert.deepEqual([...deltas(before, after).get('rt')!], [['IpInAddrErrors', 2]]);
    });
});
