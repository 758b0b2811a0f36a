import { loadNetzFile } from '../language/netz-loader.js';
import { topologyView } from '../presentation/topology-view.js';
import { buildWebviewBundle, openWebview, show } from '../test/client/webview-harness.js';

export interface WebviewTiming {
    /** Post of the `show` message to the view's "drawn" mark, one fresh page per run. */
    ms: number[];
    namespaces: number;
    edges: number;
}

/**
 * The trace view laying out and drawing a `.netz` file's topology in headless Chromium, through the webview
 * engineer's own harness (test/client/webview-harness.ts), so it times the real bundle under the real page.
 */
export async function timeWebview(netzPath: string, runs: number): Promise<WebviewTiming> {
    buildWebviewBundle();
    const { model } = await loadNetzFile(netzPath);
    const topology = topologyView(model);
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) {
        const harness = await openWebview();
        try {
            ms.push(await show(harness.page, { type: 'show', request: { uri: `file://${netzPath}` }, topology }));
            if (harness.problems.length > 0) {
                throw new Error(`the view reported: ${harness.problems.slice(0, 3).join('; ')}`);
            }
        } finally {
            await harness.close();
        }
    }
    return { ms, namespaces: topology.namespaces.length, edges: topology.edges.length };
}
