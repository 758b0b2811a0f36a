// Bundles the CLI, the language server, the VS Code client and the trace view's browser code with esbuild.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const polyfill = readFileSync(new URL('./polyfill.js', import.meta.url), 'utf8');
const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', minify: !watch };

/** The CLI speaks no LSP: Langium's few imports from the protocol package come from cli/lsp-protocol-subset.ts. */
const lspProtocolSubset = {
    name: 'lsp-protocol-subset',
    setup(cli) {
        const subset = fileURLToPath(new URL('../cli/lsp-protocol-subset.ts', import.meta.url));
        cli.onResolve({ filter: /^vscode-languageserver-protocol$/ }, () => ({ path: subset }));
    }
};

// The CLI is CommonJS run by a small launcher (cli/netz-launch.ts) through a V8 code cache, which Node 20 offers
// only for scripts; the launcher keys the cache by the bundle's hash.
async function buildCli() {
    await build({
        ...common,
        entryPoints: ['cli/netz-main.ts'],
        outfile: 'dist/cli/netz-cli.cjs',
        format: 'cjs',
        // Langium needs Object.groupBy on Node 20.
        banner: { js: polyfill },
        plugins: [lspProtocolSubset]
    });
    const hash = createHash('sha256').update(readFileSync('dist/cli/netz-cli.cjs')).digest('hex').slice(0, 16);
    await build({
        ...common,
        entryPoints: ['cli/netz-launch.ts'],
        outfile: 'dist/cli/netz.js',
        format: 'esm',
        define: { NETZ_CLI_HASH: JSON.stringify(hash) }
    });
}

await Promise.all([
    buildCli(),
    build({
        ...common,
        entryPoints: ['server/main.ts'],
        outfile: 'dist/server/main.cjs',
        format: 'cjs',
        banner: { js: polyfill }
    }),
    build({
        ...common,
        entryPoints: ['client/extension.ts'],
        outfile: 'dist/client/extension.cjs',
        format: 'cjs',
        external: ['vscode']
    }),
    build({
        ...common,
        entryPoints: ['client/webview/webview-main.ts'],
        outfile: 'dist/webview/trace-view.js',
        platform: 'browser',
        format: 'iife',
        target: 'es2022'
    })
]);
// The webview's stylesheet is loaded as a file (the CSP forbids inline styles).
mkdirSync('dist/webview', { recursive: true });
copyFileSync('client/webview/trace-view.css', 'dist/webview/trace-view.css');
