import { analyzeRuleset } from '../analysis/analysis-api.js';
import { emptyRuleset, parseIptablesSave } from '../language/iptables/iptables-save-parser.js';
import type { Ruleset } from '../model/model-api.js';
import { kubeProxyRuleset } from './kube-proxy-generator.js';

/**
 * Rule-analysis timings on kube-proxy-shaped rulesets: the analysis alone (parsing is measured by the
 * parser's own bench), best of several runs after a warm-up, side by side so the growth ratio is honest.
 * CPU time is printed too: on a shared machine it moves less than wall time.
 * Run: `npx tsx bench/analysis-bench.ts [services...]` (default 600 and 5000 services, 5 endpoints each).
 */
function countRules(ruleset: Ruleset): number {
    let n = 0;
    for (const table of ruleset.tables.values()) {
        for (const chain of table.chains.values()) {
            n += chain.rules.length;
        }
    }
    return n;
}

function measure(services: number, endpoints: number, runs: number): { rules: number; lines: number; bestMs: number; bestCpuMs: number; findings: number } {
    const text = kubeProxyRuleset(services, endpoints);
    const ruleset = emptyRuleset();
    parseIptablesSave(text, ruleset, { file: `kube-proxy-${services}x${endpoints}.rules` });
    // An operator's own INPUT rule naming a port: it makes the analysis walk every DNAT of nat PREROUTING.
    parseIptablesSave('*filter\n-A INPUT -p tcp -m tcp --dport 8080 -j DROP\nCOMMIT\n', ruleset, { file: 'operator.rules' });
    let best = Infinity;
    let bestCpu = Infinity;
    let findings = 0;
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const cpu = process.cpuUsage();
        findings = analyzeRuleset(ruleset).length;
        const used = process.cpuUsage(cpu);
        best = Math.min(best, performance.now() - start);
        bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    }
    return { rules: countRules(ruleset), lines: text.split('\n').length, bestMs: best, bestCpuMs: bestCpu, findings };
}

const sizes = process.argv.slice(2).map(Number);
const services = sizes.length > 0 ? sizes : [600, 5000];
measure(50, 5, 3);
const results = services.map((s) => ({ services: s, ...measure(s, 5, 5) }));
for (const r of results) {
    console.log(`${r.services} services x 5 endpoints: ${r.rules} rules, ${r.lines} lines, analysis ${r.bestMs.toFixed(0)} ms wall, ${r.bestCpuMs.toFixed(0)} ms CPU (all threads, GC included), ${r.findings} findings`);
}
if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]];
    console.log(`rules x${(b.rules / a.rules).toFixed(1)} -> wall time x${(b.bestMs / a.bestMs).toFixed(1)}, CPU time x${(b.bestCpuMs / a.bestCpuMs).toFixed(1)}; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}
