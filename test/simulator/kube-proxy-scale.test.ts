import assert from 'node:assert/strict';
import { loadNetzText } from '../../language/netz-loader.js';
import { formatIPv4 } from '../../model/model-api.js';
import { simulateProbe } from '../../simulator/simulator-api.js';
import { endpointAddress, kubeProxyNatTable, serviceAddress } from './kube-proxy-ruleset.js';

/** A probe through a 100,000-rule kube-proxy ruleset (the time per probe is measured by `npm run bench`). */
describe('simulator at kube-proxy scale', () => {
    it('traces a ClusterIP probe through 100,000 nat rules to the DNAT of its service', async () => {
        const services = 12_500;
        const { table, rules } = kubeProxyNatTable(services, 2);
        assert.ok(rules >= 100_000, `${rules} rules`);
        const last = services - 1;
        const text = `
netns cl {
  veth c0 peer node.n0 { address 10.0.1.2/24 }
  route default via 10.0.1.1
}
netns node {
  sysctl net.ipv4.ip_forward = 1
  veth n0 { address 10.0.1.1/24 }
  veth n1 peer ep.e0 { address 10.244.255.254/16 }
}
netns ep {
  veth e0 { address ${formatIPv4(endpointAddress(last * 2))}/16 }
  route default via 10.244.255.254
}
probe last-service from cl to ${formatIPv4(serviceAddress(last))} tcp dport 80 expect established at ep
`;
        const { model } = await loadNetzText(text, 'kube-scale.netz');
        model.namespaces.find((n) => n.name === 'node')!.ruleset.tables.set('nat', table);
        const probe = model.probes[0];
        const trace = simulateProbe(model, probe);
        assert.equal(trace.outcome, 'established', trace.reason);
        assert.equal(trace.at.netns, 'ep');
        const dnat = trace.steps.find(step => step.kind === 'netfilter' && step.verdict === 'DNAT');
        assert.ok(dnat, 'the DNAT of the last service decides the destination');
    });
});
