// Bundles the CLI, the language server and the VS Code client with esbuild.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

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
    })
]);
