import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMarkdownTable, formatSamples, formatTextTable, GENERATED_BEGIN, GENERATED_END, median, spliceGenerated, verdict } from '../../bench/bench-report.js';
import { timeAnalysis, timeCheck, timeProbes } from '../../bench/bench-tasks.js';
import type { WorkloadFiles } from '../../bench/bench-workloads.js';
import { SMALL_SIZES, writeWorkloads } from '../../bench/bench-workloads.js';
import { dockerHostNetz } from '../../bench/docker-host-generator.js';
import { kubeNodeNetz, kubeServices, spreadServices } from '../../bench/kube-node-generator.js';
import { kubeProxyRuleCount, kubeProxyRuleset } from '../../bench/kube-proxy-generator.js';
import { LspSession } from '../../bench/lsp-session.js';
import { multiHostNetz } from '../../bench/multi-host-generator.js';
import { runMeasured, runMeasuredOk } from '../../bench/process-measure.js';
import { timeWebview } from '../../bench/webview-task.js';
import { iptablesRestoreAvailable, iptablesRestoreTest, loadIntoScratchNamespace } from '../../bench/reference-tools.js';
import { checkModel } from '../../check/check-runner.js';
import { loadNetzText } from '../../language/netz-loader.js';

/** Small versions of every benchmark of `npm run bench`: the harness works and the workloads are right. No timing is asserted. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Loads and checks a generated text: it must have no error, and every probe must hold. */
async function problems(text: string, path: string): Promise<string[]> {
    const loaded = await loadNetzText(text, path);
    const checked = checkModel(loaded.model, { backend: 'nft' });
    return [...loaded.diagnostics, ...checked.diagnostics].filter(d => d.severity === 'error').map(d => `${d.code}: ${d.message}`);
}

describe('bench: workload generators', () => {
    it('reads each service, its port and its first endpoint back from a kube-proxy ruleset', () => {
        const services = kubeServices(kubeProxyRuleset(3, 2));
        assert.deepEqual(services, [
            { clusterIp: '10.96.0.10', port: 80, firstEndpoint: '10.244.0.2' },
            { clusterIp: '10.96.0.11', port: 1080, firstEndpoint: '10.244.0.4' },
            { clusterIp: '10.96.0.12', port: 2080, firstEndpoint: '10.244.0.6' }
        ]);
        assert.deepEqual(spreadServices(services, 2), [services[0], services[2]]);
        assert.deepEqual(spreadServices(services, 1), [services[2]]);
    });

    it('builds a kube-proxy node whose ClusterIP probes are all established, from a pasted block', async () => {
        const rules = kubeProxyRuleset(6, 3);
        const text = kubeNodeNetz({ rules: { inline: rules }, probed: spreadServices(kubeServices(rules), 4) });
        assert.equal(text.match(/^probe /gm)?.length, 4);
        assert.deepEqual(await problems(text, 'kube-node.netz'), []);
    });

    it('fails a kube-proxy probe whose endpoint the pods namespace does not own', async () => {
        const rules = kubeProxyRuleset(2, 1);
        const [first, second] = kubeServices(rules);
        const text = kubeNodeNetz({ rules: { inline: rules }, probed: [first] })
            .replace(`address ${first.firstEndpoint}/14`, `address ${second.firstEndpoint}/14`);
        assert.ok((await problems(text, 'kube-node-wrong.netz')).length > 0);
    });

    it('builds a Docker host whose published ports and outbound traffic all work', async () => {
        const docker = dockerHostNetz(5, 6);
        assert.equal(docker.containers.length, 5);
        assert.equal(docker.text.match(/-j DNAT --to-destination/g)?.length, 5);
        assert.deepEqual(await problems(docker.text, 'docker.netz'), []);
    });

    it('builds N namespaces on M hosts with two veth links each, bridges and a VXLAN overlay, all probes holding', async () => {
        const topology = multiHostNetz({ namespaces: 14, hosts: 3, bridgesPerHost: 3, probes: 9 });
        assert.deepEqual(topology.counts, { namespaces: 18, vethLinks: 28, bridges: 10, vxlans: 3, probes: 9 });
        assert.equal(topology.text.match(/^ {2}veth \S+ peer/gm)?.length, 28);
        assert.equal(topology.text.match(/^ {2}bridge /gm)?.length, 10);
        assert.equal(topology.text.match(/^probe /gm)?.length, 9);
        assert.deepEqual(await problems(topology.text, 'hosts.netz'), []);
    });

    it('refuses a topology it cannot address', () => {
        assert.throws(() => multiHostNetz({ namespaces: 10, hosts: 300, bridgesPerHost: 1, probes: 0 }), RangeError);
        assert.throws(() => dockerHostNetz(0, 0), RangeError);
    });
});

describe('bench: measurements on small workloads', function () {
    this.timeout(120_000);
    let dir: string;
    let w: WorkloadFiles;

    before(() => {
        dir = mkdtempSync(join(tmpdir(), 'netz-bench-smoke-'));
        w = writeWorkloads(dir, SMALL_SIZES);
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it('writes every workload at the asked size', () => {
        assert.ok(w.growthSmall.ruleCount >= SMALL_SIZES.growth.smallRules && w.growthLarge.ruleCount >= SMALL_SIZES.growth.largeRules);
        assert.equal(w.cluster.ruleCount, kubeProxyRuleCount(SMALL_SIZES.cluster.services, SMALL_SIZES.cluster.endpoints));
        assert.ok(w.lspInline.blockLines <= SMALL_SIZES.inlineLines && w.lspInline.blockLines > SMALL_SIZES.inlineLines / 2);
        assert.equal(readFileSync(w.probesNetz, 'utf8').match(/^probe /gm)?.length, SMALL_SIZES.cluster.probes);
        for (const file of [w.cluster.rules, w.cluster.netz, w.lspFrom.netz, w.lspInline.netz, w.topology.netz, w.webview.netz, w.docker.netz]) {
            assert.ok(existsSync(file), file);
        }
    });

    it('times check, analysis and probes in process', async () => {
        const check = await timeCheck(w.growthSmall.netz, 2, 1);
        assert.equal(check.ms.length, 2);
        assert.equal(check.cpuMs.length, 2);
        assert.deepEqual(check.errors, []);
        const analysis = timeAnalysis(w.growthSmall.rules, 2, 0);
        assert.equal(analysis.ms.length, 2);
        assert.equal(analysis.cpuMs.length, 2);
        assert.equal(analysis.rules, w.growthSmall.ruleCount);
        const probes = await timeProbes(w.probesNetz, 2);
        assert.equal(probes.probes, SMALL_SIZES.cluster.probes);
        assert.equal(probes.perProbeMs.length, SMALL_SIZES.cluster.probes - 1);
        assert.equal(probes.allMs.length, 2);
        assert.deepEqual(probes.failed, []);
    });

    it('runs a task in a worker child and reads its JSON and peak memory', async () => {
        const task = JSON.stringify({ task: 'analysis', rules: w.cluster.rules, runs: 1, warmup: 0 });
        const run = await runMeasuredOk(process.execPath, ['--import', 'tsx', '--import', './scripts/polyfill.js', 'bench/bench-worker.ts', task], { cwd: ROOT });
        const result = JSON.parse(run.stdout) as { ms: number[]; rules: number };
        assert.equal(result.rules, w.cluster.ruleCount);
        assert.ok(run.maxRssKiB > 10_000, `${run.maxRssKiB} KiB`);
    });

    it('reports a failing command with its status, and its peak memory', async () => {
        const run = await runMeasured(process.execPath, ['-e', 'globalThis.keep = Buffer.alloc(64 * 2 ** 20, 1); process.exit(3)']);
        assert.equal(run.code, 3);
        assert.ok(run.maxRssKiB >= 64 * 1024, `${run.maxRssKiB} KiB`);
        await assert.rejects(runMeasuredOk(process.execPath, ['-e', 'process.exit(3)']), /exited with 3/);
    });

    it('runs iptables-restore --test on both backends and loads a scratch namespace, which it deletes', async function () {
        if (!iptablesRestoreAvailable('nft') || !iptablesRestoreAvailable('legacy')) {
            this.skip();
        }
        for (const backend of ['nft', 'legacy'] as const) {
            assert.equal((await iptablesRestoreTest(backend, w.cluster.rules)).code, 0);
        }
        const before = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
        assert.equal((await loadIntoScratchNamespace(w.cluster.rules)).code, 0);
        await assert.rejects(loadIntoScratchNamespace(join(dir, 'no-such.rules')));
        assert.equal(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout, before);
    });

    it('drives the language server: diagnostics on open, after an edit outside and inside the ruleset', async function () {
        const server = join(ROOT, 'dist', 'server', 'main.cjs');
        if (!existsSync(server)) {
            this.skip();
        }
        const session = await LspSession.start(server, w.lspFrom.dir);
        try {
            const open = await session.open(w.lspFrom.netz, w.lspFrom.text);
            assert.ok(!open.diagnostics.some(d => d.severity === 1), JSON.stringify(open.diagnostics));
            const broken = await session.change(w.lspFrom.netz, w.lspFrom.text.replace('route default via 192.168.0.1', 'route default via 192.168.9.1'));
            assert.ok(broken.diagnostics.some(d => d.severity === 1), 'an unreachable gateway is an error');
            const fixed = await session.change(w.lspFrom.netz, w.lspFrom.text);
            assert.ok(!fixed.diagnostics.some(d => d.severity === 1));
            assert.ok(session.peakRssKiB() > 10_000);
        } finally {
            await session.stop();
        }
        const inline = await LspSession.start(server, w.lspInline.dir);
        try {
            await inline.open(w.lspInline.netz, w.lspInline.text);
            const edited = await inline.change(w.lspInline.netz, w.lspInline.text.replace('-j KUBE-MARK-MASQ', '-j KUBE-MARK-MASK'));
            assert.ok(edited.diagnostics.some(d => d.severity === 1), 'a jump to an undeclared chain is an error');
        } finally {
            await inline.stop();
        }
    });

    it('times the trace view drawing a small topology in headless Chromium', async function () {
        if (!existsSync('/usr/bin/chromium')) {
            this.skip();
        }
        const view = await timeWebview(w.webview.netz, 1);
        assert.equal(view.ms.length, 1);
        assert.equal(view.namespaces, w.webview.counts.namespaces);
    });
});

describe('bench: report', () => {
    const row = { name: 'probe', measured: '1 ms', reference: '5 ms', ratio: 0.2, limit: 1 };

    it('passes a row only within both its time and its memory target', () => {
        assert.equal(verdict(row), 'PASS');
        assert.equal(verdict({ ...row, ratio: 1.2 }), 'FAIL');
        assert.equal(verdict({ ...row, peakKiB: 2 * 1024 * 1024 }), 'FAIL');
        assert.equal(verdict({ ...row, ratio: undefined, limit: undefined }), 'INFO');
        assert.equal(verdict({ ...row, missing: 'no harness' }), 'NOT MEASURED');
        assert.equal(verdict({ ...row, error: 'error: boom' }), 'FAIL');
    });

    it('takes medians and shows the spread', () => {
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.equal(formatSamples([1200, 900, 3000]), '1.20 s (900 ms–3.00 s, n=3)');
    });

    it('prints aligned text and Markdown tables', () => {
        const text = formatTextTable([row, { ...row, name: 'a longer target name' }]).split('\n');
        assert.equal(text.length, 4);
        assert.equal(text[2].indexOf('1 ms'), text[3].indexOf('1 ms'));
        assert.match(formatMarkdownTable([row]), /^\| target \|[^\n]+\n\|---\|[^\n]+\n\| probe \| 1 ms \| 5 ms \| 0\.20× \(≤ 1×\) \|  \| PASS \|$/);
    });

    it('replaces only the generated section of PERFORMANCE.md and keeps the notes', () => {
        const first = spliceGenerated('# Performance\n\nintro\n\n## Notes\nkept\n', 'table 1');
        assert.ok(first.startsWith(`${GENERATED_BEGIN}\ntable 1\n${GENERATED_END}`));
        const second = spliceGenerated(first, 'table 2');
        assert.ok(second.includes('table 2') && !second.includes('table 1') && second.includes('## Notes\nkept'));
        assert.equal(spliceGenerated(undefined, 'x'), `# Performance\n\n${GENERATED_BEGIN}\nx\n${GENERATED_END}\n`);
    });
});
