import { timeAnalysis, timeCheck, timeProbes } from './bench-tasks.js';
import { timeWebview } from './webview-task.js';

/**
 * One in-process measurement in a child of its own, so that its peak memory is its own:
 * `node --import tsx --import ./scripts/polyfill.js bench/bench-worker.ts '<task JSON>'` prints the result as JSON.
 */
export type WorkerTask =
    | { task: 'check'; netz: string; runs: number; warmup: number }
    | { task: 'analysis'; rules: string; runs: number; warmup: number }
    | { task: 'probes'; netz: string; repeats: number }
    | { task: 'webview'; netz: string; runs: number };

async function run(task: WorkerTask): Promise<unknown> {
    switch (task.task) {
        case 'check': return timeCheck(task.netz, task.runs, task.warmup);
        case 'analysis': return timeAnalysis(task.rules, task.runs, task.warmup);
        case 'probes': return timeProbes(task.netz, task.repeats);
        case 'webview': return timeWebview(task.netz, task.runs);
    }
}

process.stdout.write(`${JSON.stringify(await run(JSON.parse(process.argv[2]) as WorkerTask))}\n`);
