#!/usr/bin/env node
// The CLI is bundled by `npm run build` (esbuild), with the Node 20 polyfill Langium needs as its banner.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/netz.js', import.meta.url));
if (!existsSync(bundle)) {
    console.error('netz: the CLI is not built yet; run `npm run build` in the netz checkout first.');
    process.exit(2);
}
await import(bundle);
