#!/usr/bin/env node
// The CLI is bundled by `npm run build` (esbuild); dist/cli/netz.js runs the bundle through a V8 code cache.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/netz.js', import.meta.url));
if (!existsSync(bundle)) {
    console.error('netz: the CLI is not built yet; run `npm run build` in the netz checkout first.');
    process.exit(2);
}
await import(bundle);
