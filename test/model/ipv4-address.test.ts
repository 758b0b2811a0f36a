import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { broadcastOf, cidrContains, formatIPv4, maskToPrefix, networkOf, parseCidr, parseIPv4, prefixMask } from '../../model/model-api.js';

/** ipaddr.js is the reference the hand-written hot-path reader is held to. */
function reference(text: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
        return undefined;
    }
    const [a, b, c, d] = ipaddr.IPv4.parse(text).octets;
    return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

describe('IPv4 addresses', () => {
    it('accepts exactly what ipaddr.js accepts as a four-part decimal address, with the same value', () => {
        const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '0', '00', '01', '007', 'x', '-1', '256', ' 1', '1e2'));
        fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), parts => {
            const text = parts.join('.');
            assert.equal(parseIPv4(text), reference(text), text);
        }), { numRuns: 2000 });
    });

    it('formats what it parses back to the same text', () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), value => {
            assert.equal(parseIPv4(formatIPv4(value)), value);
        }));
    });

    it('does CIDR arithmetic on integers', () => {
        const cidr = parseCidr('192.168.31.10/24')!;
        assert.equal(formatIPv4(networkOf(cidr)), '192.168.31.0');
        assert.equal(formatIPv4(broadcastOf(cidr)), '192.168.31.255');
        assert.ok(cidrContains(cidr, parseIPv4('192.168.31.200')!));
        assert.ok(!cidrContains(cidr, parseIPv4('192.168.32.1')!));
        assert.equal(prefixMask(0), 0);
        assert.equal(maskToPrefix(parseIPv4('255.255.240.0')!), 20);
        assert.equal(maskToPrefix(parseIPv4('255.0.255.0')!), undefined);
        assert.equal(parseCidr('10.0.0.0/33'), undefined);
        assert.deepEqual(parseCidr('10.0.0.1'), { address: parseIPv4('10.0.0.1'), prefix: 32 });
    });
});
