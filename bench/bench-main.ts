import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-report.js';
import { formatMarkdownTable, formatMs, formatSamples, formatTextTable, median, verdict, writeGenerated } from './bench-report.js';
import type { AnalysisTiming, CheckTiming, ProbeTiming } from './bench-tasks.js';
import type { WorkerTask } from './bench-worker.js';
import type { WebviewTiming } from './webview-task.js';
import type { WorkloadFiles } from './bench-workloads.js';
import { ISSUE_SIZES, SMALL_SIZES, writeWorkloads } from './bench-workloads.js';
import { LspSession } from './lsp-session.js';
import { loadPerCore, machineInfo } from './machine-info.js';
import type { ProcessRun } from './process-measure.js';
import { runMeasured, runMeasuredOk } from './process-measure.js';
import { deleteScratchNamespaces, iptablesRestoreAvailable, iptablesRestoreTest, loadIntoScratchNamespace } from './reference-tools.js';

/**
 * `npm run bench`: every benchmark of issue 9 against its target, medians of several runs, the kernel tools
 * timed in the same run beside ours. Prints the table and writes it into docs/PERFORMANCE.md.
 * Options: `--runs N` (default 3), `--no-write` (print only), `--small` (tiny workloads to try the harness; implies --no-write).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'netz.js');
const SERVER = join(ROOT, 'dist', 'server', 'main.cjs');
const SOURCE_FOLDERS = ['cli', 'check', 'language', 'model', 'simulator', 'analysis', 'server'];
const EDITS = 5;

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1])) : 3;
const SIZES = args.includes('--small') ? SMALL_SIZES : ISSUE_SIZES;
const WRITE = !args.includes('--no-write') && SIZES === ISSUE_SIZES;

const started = performance.now();
function progress(message: string): void {
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

function newestSource(folder: string): number {
    let newest = 0;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
    }
    return newest;
}

/** The CLI and server bundles are what users run; rebuild them (the build's esbuild step) when a source is newer. */
function ensureBundles(): void {
    const built = Math.min(...[CLI, SERVER].map(f => (existsSync(f) ? statSync(f).mtimeMs : 0)));
    if (SOURCE_FOLDERS.some(folder => newestSource(join(ROOT, folder)) > built)) {
        progress('bundles older than the sources: node scripts/bundle.js');
        const result = spawnSync(process.execPath, ['scripts/bundle.js'], { cwd: ROOT, stdio: 'inherit' });
        if (result.status !== 0) {
            throw new Error('scripts/bundle.js failed');
        }
    }
}

function runWorker<T>(task: WorkerTask): Promise<{ result: T; peakKiB: number }> {
    return runMeasuredOk(process.execPath, ['--import', 'tsx', '--import', './scripts/polyfill.js', 'bench/bench-worker.ts', JSON.stringify(task)], { cwd: ROOT })
        .then(run => ({ result: JSON.parse(run.stdout.trim().split('\n').pop() ?? 'null') as T, peakKiB: run.maxRssKiB }));
}

/** The bench's own $XDG_CACHE_HOME, inside its workload folder. */
const codeCache = (dir: string) => join(dir, 'xdg-cache');

/**
 * `netz check` in a fresh process. The CLI keeps a V8 code cache in $XDG_CACHE_HOME/netz (cli/netz-launch.ts): the
 * bench gives it a folder of its own, so that a user's cache neither helps nor is touched. A generated workload has
 * no error, so a non-zero exit is a broken benchmark.
 */
async function cliCheck(netz: string, cacheHome: string): Promise<ProcessRun> {
    const run = await runMeasured(process.execPath, [CLI, 'check', netz], { cwd: ROOT, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    if (run.code !== 0) {
        throw new Error(`netz check ${netz} exited with ${run.code}: ${run.stdout.split('\n').filter(l => l.includes('error')).slice(0, 3).join('; ')}${run.stderr.slice(-500)}`);
    }
    return run;
}

const maxPeak = (runs: { maxRssKiB: number }[]) => Math.max(...runs.map(r => r.maxRssKiB));
const ratioRow = (name: string, samples: number[], referenceMs: number, reference: string, limit: number | undefined, peakKiB?: number): BenchRow =>
    ({ name, measured: formatSamples(samples), reference, ratio: median(samples) / referenceMs, limit, peakKiB });

async function guarded(name: string, rows: BenchRow[], body: () => Promise<BenchRow[]>): Promise<void> {
    try {
        rows.push(...await body());
    } catch (error) {
        progress(`${name}: ${(error as Error).message}`);
        rows.push({ name, measured: '', reference: '', error: `error: ${(error as Error).message.split('\n')[0].slice(0, 200)}` });
    }
}

/** Cold `netz check` of the kube-proxy node beside `iptables-restore --test` (both backends) and the real load, interleaved run by run. */
async function coldCheck(w: WorkloadFiles, dir: string, coldCheckMs: { value: number }): Promise<BenchRow[]> {
    const ours: ProcessRun[] = [];
    const uncached: ProcessRun[] = [];
    const rulesOnly: ProcessRun[] = [];
    // Every run after a build's first finds the code cache: one untimed run makes it, as a user's earlier run would.
    const cacheHome = codeCache(dir);
    progress('cold check: one untimed run to write the code cache');
    await cliCheck(w.cluster.netz, cacheHome);
    const nft: ProcessRun[] = [];
    const legacy: ProcessRun[] = [];
    const load: ProcessRun[] = [];
    const haveNft = iptablesRestoreAvailable('nft');
    const haveLegacy = iptablesRestoreAvailable('legacy');
    for (let r = 0; r < RUNS; r++) {
        progress(`cold check, run ${r + 1}/${RUNS}: netz check`);
        ours.push(await cliCheck(w.cluster.netz, cacheHome));
        progress(`cold check, run ${r + 1}/${RUNS}: netz check with an empty code cache`);
        uncached.push(await cliCheck(w.cluster.netz, join(dir, `xdg-empty-${r}`)));
        progress(`cold check, run ${r + 1}/${RUNS}: netz check of the rules file itself`);
        rulesOnly.push(await cliCheck(w.cluster.rules, cacheHome));
        if (haveNft) {
            progress(`cold check, run ${r + 1}/${RUNS}: iptables-nft-restore --test`);
            nft.push(await iptablesRestoreTest('nft', w.cluster.rules));
        }
        if (haveLegacy) {
            progress(`cold check, run ${r + 1}/${RUNS}: iptables-legacy-restore --test, and the load into a scratch netns`);
            legacy.push(await iptablesRestoreTest('legacy', w.cluster.rules));
            load.push(await loadIntoScratchNamespace(w.cluster.rules));
        }
    }
    const oursMs = ours.map(r => r.ms);
    coldCheckMs.value = median(oursMs);
    const size = `${w.cluster.lines.toLocaleString('en')} lines, ${w.cluster.ruleCount.toLocaleString('en')} rules`;
    const rows: BenchRow[] = [];
    const reference = (runs: ProcessRun[], tool: string, limit: number | undefined): BenchRow =>
        runs.length > 0
            ? ratioRow(`cold \`netz check\`, kube-proxy ${size}, vs ${tool}`, oursMs, median(runs.map(r => r.ms)), `${tool}: ${formatSamples(runs.map(r => r.ms))}`, limit, maxPeak(ours))
            : { name: `cold \`netz check\` vs ${tool}`, measured: '', reference: '', missing: `${tool} cannot run here` };
    rows.push(reference(nft, 'iptables-nft-restore --test', 1.0));
    rows.push(reference(legacy, 'iptables-legacy-restore --test', undefined));
    // CPU time beside wall time: on an oversubscribed machine it is the fairer measure of the work each did.
    if (nft.length > 0) {
        const oursCpu = ours.map(r => r.cpuMs);
        rows.push(ratioRow(`same, CPU time (user + system), vs iptables-nft-restore --test`, oursCpu, median(nft.map(r => r.cpuMs)),
            `iptables-nft-restore --test: ${formatSamples(nft.map(r => r.cpuMs))}`, 1.0));
    }
    rows.push({ name: 'context: cold `netz check` with an empty code cache (the first run after installing or building)', measured: formatSamples(uncached.map(r => r.ms)), reference: '', peakKiB: maxPeak(uncached) });
    if (nft.length > 0) {
        // The same ruleset checked on its own (`netz check kube-proxy.rules`): no Langium, no topology, no probes.
        rows.push(ratioRow('context: cold `netz check` of the rules file itself, vs iptables-nft-restore --test', rulesOnly.map(r => r.ms),
            median(nft.map(r => r.ms)), `iptables-nft-restore --test: ${formatSamples(nft.map(r => r.ms))}`, undefined, maxPeak(rulesOnly)));
    }
    if (load.length > 0) {
        rows.push({ name: 'context: iptables-legacy-restore into a scratch netns (the real load)', measured: formatSamples(load.map(r => r.ms)), reference: '', peakKiB: maxPeak(load) });
    }
    if (nft.length > 0) {
        rows.push({ name: 'context: iptables-nft-restore --test peak memory', measured: '', reference: '', peakKiB: maxPeak(nft) });
    }
    return rows;
}

async function growth(w: WorkloadFiles): Promise<BenchRow[]> {
    const sizes = `${w.growthSmall.ruleCount.toLocaleString('en')} → ${w.growthLarge.ruleCount.toLocaleString('en')} rules`;
    const rows: BenchRow[] = [];
    progress(`growth: check (load + analysis + probes, in process, 1 warm-up + ${RUNS} runs) at ${w.growthSmall.ruleCount} rules`);
    const checkSmall = await runWorker<CheckTiming>({ task: 'check', netz: w.growthSmall.netz, runs: RUNS, warmup: 1 });
    progress(`growth: check at ${w.growthLarge.ruleCount} rules`);
    const checkLarge = await runWorker<CheckTiming>({ task: 'check', netz: w.growthLarge.netz, runs: RUNS, warmup: 1 });
    for (const t of [checkSmall, checkLarge]) {
        if (t.result.errors.length > 0) {
            throw new Error(`the growth workload has errors: ${t.result.errors.slice(0, 3).join('; ')}`);
        }
    }
    const small = median(checkSmall.result.ms);
    rows.push(ratioRow(`growth of check, ${sizes}`, checkLarge.result.ms, small, `${formatSamples(checkSmall.result.ms)} at ${w.growthSmall.ruleCount.toLocaleString('en')}`, 12,
        Math.max(checkSmall.peakKiB, checkLarge.peakKiB)));
    // The two sizes run minutes apart: CPU time keeps a change in the machine's load out of the ratio.
    rows.push(ratioRow('same, CPU time', checkLarge.result.cpuMs, median(checkSmall.result.cpuMs), `${formatSamples(checkSmall.result.cpuMs)} at ${w.growthSmall.ruleCount.toLocaleString('en')}`, 12));
    progress(`growth: analysis alone (analyzeRuleset, 1 warm-up + ${RUNS} runs) at ${w.growthSmall.ruleCount} rules`);
    const analysisSmall = await runWorker<AnalysisTiming>({ task: 'analysis', rules: w.growthSmall.rules, runs: RUNS, warmup: 1 });
    progress(`growth: analysis alone at ${w.growthLarge.ruleCount} rules`);
    const analysisLarge = await runWorker<AnalysisTiming>({ task: 'analysis', rules: w.growthLarge.rules, runs: RUNS, warmup: 1 });
    rows.push(ratioRow(`growth of analysis alone, ${sizes}`, analysisLarge.result.ms, median(analysisSmall.result.ms),
        `${formatSamples(analysisSmall.result.ms)} at ${w.growthSmall.ruleCount.toLocaleString('en')}`, 12, Math.max(analysisSmall.peakKiB, analysisLarge.peakKiB)));
    rows.push(ratioRow('same, CPU time', analysisLarge.result.cpuMs, median(analysisSmall.result.cpuMs),
        `${formatSamples(analysisSmall.result.cpuMs)} at ${w.growthSmall.ruleCount.toLocaleString('en')}`, 12));
    return rows;
}

/** Toggles one character at `offset` (inserts an `x`, then takes it out again), so every edit is a real change. */
function toggled(text: string, offset: number, on: boolean): string {
    return on ? `${text.slice(0, offset)}x${text.slice(offset)}` : text;
}

async function languageServer(w: WorkloadFiles, coldCheckMs: number): Promise<BenchRow[]> {
    const open: number[] = [];
    const elsewhere: number[] = [];
    let peakKiB = 0;
    // "Elsewhere": the name of the first probe, far from the `iptables from` line; the ruleset is untouched.
    const probeOffset = w.lspFrom.text.indexOf('probe svc-0 ') + 'probe svc-0'.length;
    for (let r = 0; r < RUNS; r++) {
        progress(`language server, run ${r + 1}/${RUNS}: didOpen of the node referencing ${w.cluster.ruleCount.toLocaleString('en')} rules`);
        const session = await LspSession.start(SERVER, w.lspFrom.dir);
        try {
            open.push((await session.open(w.lspFrom.netz, w.lspFrom.text)).ms);
            for (let e = 0; e < EDITS; e++) {
                progress(`language server, run ${r + 1}/${RUNS}: one-character edit ${e + 1}/${EDITS} outside the ruleset`);
                elsewhere.push((await session.change(w.lspFrom.netz, toggled(w.lspFrom.text, probeOffset, e % 2 === 0))).ms);
            }
            peakKiB = Math.max(peakKiB, session.peakRssKiB());
        } finally {
            await session.stop();
        }
    }
    const inline: number[] = [];
    // Inside a rule's comment in the middle of the block: the rule stays valid, its text changes.
    const middle = w.lspInline.text.indexOf('--comment "', Math.floor(w.lspInline.text.length / 2)) + '--comment "'.length;
    progress(`language server: didOpen of the ${w.lspInline.blockLines}-line inline block`);
    const session = await LspSession.start(SERVER, w.lspInline.dir);
    try {
        await session.open(w.lspInline.netz, w.lspInline.text);
        for (let e = 0; e < EDITS * RUNS; e++) {
            progress(`language server: edit ${e + 1}/${EDITS * RUNS} inside the inline block`);
            inline.push((await session.change(w.lspInline.netz, toggled(w.lspInline.text, middle, e % 2 === 0))).ms);
        }
        peakKiB = Math.max(peakKiB, session.peakRssKiB());
    } finally {
        await session.stop();
    }
    return [
        ratioRow('language server: first diagnostics after didOpen (rules via `iptables from`)', open, coldCheckMs, `cold check ${formatMs(coldCheckMs)}`, 2, peakKiB),
        ratioRow('language server: diagnostics after a one-character edit outside the ruleset', elsewhere, 150, '150 ms', 1),
        ratioRow(`language server: diagnostics after an edit inside a ${w.lspInline.blockLines.toLocaleString('en')}-line inline block`, inline, 300, '300 ms', 1)
    ];
}

async function probes(w: WorkloadFiles): Promise<BenchRow[]> {
    progress(`probes: loading the node and tracing its probes through ${w.cluster.ruleCount.toLocaleString('en')} rules (${RUNS} repeats of the whole set)`);
    const { result, peakKiB } = await runWorker<ProbeTiming>({ task: 'probes', netz: w.probesNetz, repeats: RUNS });
    if (result.failed.length > 0) {
        throw new Error(`${result.failed.length} probes contradict their expectation: ${result.failed.slice(0, 2).join('; ')}`);
    }
    return [
        ratioRow(`one ClusterIP probe through ${w.cluster.ruleCount.toLocaleString('en')} rules (after the first, ${formatMs(result.firstMs)}, built the indexes)`,
            result.perProbeMs, 5, '5 ms', 1, peakKiB),
        ratioRow(`${result.probes.toLocaleString('en')} ClusterIP probes`, result.allMs, 1000, '1 s', 1)
    ];
}

async function topology(w: WorkloadFiles, dir: string): Promise<BenchRow[]> {
    const runs: ProcessRun[] = [];
    for (let r = 0; r < RUNS; r++) {
        progress(`topology: netz check of ${w.topology.counts.namespaces} namespaces, run ${r + 1}/${RUNS}`);
        runs.push(await cliCheck(w.topology.netz, codeCache(dir)));
    }
    const c = w.topology.counts;
    return [
        ratioRow(`cold \`netz check\`, ${c.namespaces.toLocaleString('en')} namespaces, ${c.vethLinks.toLocaleString('en')} veth links, ${c.bridges} bridges, ${c.vxlans} VXLAN, ${c.probes} probes`,
            runs.map(r => r.ms), 3000, '3 s', 1, maxPeak(runs)),
        // What the same check costs in CPU: the wall-clock figure on an idle machine, near enough (the CLI is single-threaded but for GC).
        ratioRow('same, CPU time (user + system)', runs.map(r => r.cpuMs), 3000, '3 s', 1)
    ];
}

async function docker(w: WorkloadFiles, dir: string): Promise<BenchRow[]> {
    const runs: ProcessRun[] = [];
    for (let r = 0; r < RUNS; r++) {
        progress(`docker host: netz check of ${w.docker.containers} containers, run ${r + 1}/${RUNS}`);
        runs.push(await cliCheck(w.docker.netz, codeCache(dir)));
    }
    return [{ name: `context: cold \`netz check\`, Docker host with ${w.docker.containers.toLocaleString('en')} containers and published ports`,
        measured: formatSamples(runs.map(r => r.ms)), reference: '', peakKiB: maxPeak(runs) }];
}

/** The trace view's layout and drawing, timed through the webview's own browser harness (needs Debian's chromium). */
async function webview(w: WorkloadFiles): Promise<BenchRow[]> {
    if (!existsSync('/usr/bin/chromium')) {
        return [{ name: 'webview: layout and draw in headless Chromium', measured: '', reference: '2 s', missing: 'not measured: /usr/bin/chromium is not installed' }];
    }
    progress(`webview: layout and draw of ${w.webview.counts.namespaces} namespaces in headless Chromium, ${RUNS} fresh pages`);
    const { result, peakKiB } = await runWorker<WebviewTiming>({ task: 'webview', netz: w.webview.netz, runs: RUNS });
    return [ratioRow(`webview: layout and draw of ${result.namespaces} namespaces, ${result.edges} edges, in headless Chromium`, result.ms, 2000, '2 s', 1, peakKiB)];
}

async function main(): Promise<void> {
    // An interrupted run must not leave a scratch namespace behind (its `finally` would never run).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
            deleteScratchNamespaces();
            process.exit(130);
        });
    }
    ensureBundles();
    const info = machineInfo(ROOT);
    const loadBefore = loadPerCore();
    const dir = mkdtempSync(join(tmpdir(), 'netz-bench-'));
    const rows: BenchRow[] = [];
    try {
        progress(`generating workloads in ${dir}`);
        const w = writeWorkloads(dir, SIZES);
        const coldCheckMs = { value: NaN };
        await guarded('cold netz check', rows, () => coldCheck(w, dir, coldCheckMs));
        await guarded('growth', rows, () => growth(w));
        await guarded('language server', rows, () => languageServer(w, coldCheckMs.value));
        await guarded('probes', rows, () => probes(w));
        await guarded('topology', rows, () => topology(w, dir));
        await guarded('docker host', rows, () => docker(w, dir));
        await guarded('webview', rows, () => webview(w));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    const loadAfter = loadPerCore();
    const table = formatTextTable(rows);
    console.log(table);
    const failed = rows.filter(r => verdict(r) === 'FAIL').length;
    console.log(`\n${failed} target(s) failed; load per core ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (above 1: the machine was oversubscribed)`);
    if (WRITE) {
        const generated = [
            `Measured ${info.date} on commit \`${info.commit}\` (plus the uncommitted work in the checkout at the time).`,
            '',
            `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, Linux ${info.kernel}, Node ${info.node}, ${info.iptables}.`,
            `Load (1-minute load average per core): ${loadBefore.toFixed(1)} before the run, ${loadAfter.toFixed(1)} after; above 1 the cores were shared with other work and absolute times are inflated, which is why ratios measured in the same run are the headline.`,
            `Each figure is the median of ${RUNS} runs (language-server edits: ${EDITS} per run; probes: each probe timed alone), with min–max and n. "peak RSS" is the measured process's maximum resident set (GNU time, or VmHWM for the language server); every row must also stay under 1 GiB.`,
            '',
            formatMarkdownTable(rows)
        ].join('\n');
        writeGenerated(join(ROOT, 'docs', 'PERFORMANCE.md'), generated);
        progress('table written to docs/PERFORMANCE.md');
    }
}

await main();
