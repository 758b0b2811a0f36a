import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exportScriptRequest, topologyRequest, traceRequest } from '../../server/custom-requests.js';
import { openDocument, services } from './server-fixture.js';

const SEED = readFileSync(new URL('../../examples/seed.netz', import.meta.url), 'utf8');

describe('custom requests', () => {
    it('netz/trace returns a probe\'s trace with the topology', async () => {
        const document = await openDocument(SEED);
        const result = await traceRequest(services, { uri: document.uri.toString(), probe: 'server-to-c1' });
        assert.ok('trace' in result, JSON.stringify(result));
        assert.equal(result.trace.probe, 'server-to-c1');
        assert.equal(result.trace.outcome, 'rejected');
        assert.equal(result.trace.at.netns, 'isp');
        assert.deepEqual(result.topology.namespaces.map(n => n.name).sort(), ['c1', 'c2', 'c3', 'docker-host', 'isp', 'server']);
    });

    it('netz/trace simulates an ad-hoc packet to a namespace or an address', async () => {
        const document = await openDocument(SEED);
        const uri = document.uri.toString();
        const toServer = await traceRequest(services, { uri, adHoc: { from: 'c2', to: 'server', protocol: 'tcp', dport: 443 } });
        assert.ok('trace' in toServer, JSON.stringify(toServer));
        assert.equal(toServer.trace.outcome, 'established');
        assert.equal(toServer.trace.packet.dport, 443);
        const toAddress = await traceRequest(services, { uri, adHoc: { from: 'server', to: '192.168.31.11', protocol: 'icmp' } });
        assert.ok('trace' in toAddress && toAddress.trace.outcome === 'rejected');
    });

    it('netz/trace says what is wrong with a request', async () => {
        const document = await openDocument(SEED);
        const uri = document.uri.toString();
        assert.deepEqual(await traceRequest(services, { uri, probe: 'nope' }), { error: 'no probe named \'nope\'' });
        assert.deepEqual(await traceRequest(services, { uri, adHoc: { from: 'mars', to: 'server', protocol: 'icmp' } }), { error: 'no namespace named \'mars\'' });
        assert.deepEqual(await traceRequest(services, { uri, adHoc: { from: 'c1', to: 'nowhere', protocol: 'icmp' } }),
            { error: '\'nowhere\' is neither an IPv4 address nor a namespace with an address' });
        assert.deepEqual(await traceRequest(services, { uri: 'file:///not/open.netz', probe: 'x' }), { error: 'file:///not/open.netz is not open' });
    });

    it('netz/topology returns the view of the model', async () => {
        const document = await openDocument(SEED);
        const result = await topologyRequest(services, { uri: document.uri.toString() });
        assert.ok('topology' in result);
        assert.deepEqual(result.topology.hosts.map(h => h.name).sort(), ['docker-host', 'isp', 'server']);
    });

    it('netz/exportScript builds the setup and teardown scripts with the prefix', async () => {
        const document = await openDocument(SEED);
        const result = await exportScriptRequest(services, { uri: document.uri.toString(), prefix: 'ed-' });
        assert.ok('setup' in result, JSON.stringify(result));
        assert.match(result.setup, /ip netns exec ed-c1 /);
        assert.match(result.teardown, /ed-c1/);
        assert.deepEqual(await exportScriptRequest(services, { uri: document.uri.toString(), prefix: 'bad prefix!' }),
            { error: 'prefix \'bad prefix!\' must be up to 8 letters, digits, \'_\' or \'-\'' });
    });

    it('netz/exportScript refuses a file with an error, as netz export does', async () => {
        const document = await openDocument('netns a {\n  nic eth0\n  iptables {\n    -A INPUT -p tcp --dport 99999 -j DROP\n  }\n}\n');
        const result = await exportScriptRequest(services, { uri: document.uri.toString() });
        assert.ok('error' in result);
        assert.match(result.error, /^an error in the file \(the first at line 4: Bad port '99999'.*\): fix it before exporting$/);
    });
});
