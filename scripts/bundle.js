// Bundles the CLI, the language server, the VS Code client and the trace view's browser code with esbuild.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const polyfill = readFileSync(new URL('./polyfill.js', import.meta.url), 'utf8');
const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', minify: !watch };

await Promise.all([
    build({
        ...common,
        entryPoints: ['cli/netz-main.ts'],
        outfile: 'dist/cli/netz.js',
        format: 'esm',
        // ESM bundles of CommonJS dependencies need `require`; Langium needs Object.groupBy on Node 20.
        banner: { js: `import { createRequire as __netzRequire } from 'node:module'; const require = __netzRequire(import.meta.url);\n${polyfill}` }
    }),
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
