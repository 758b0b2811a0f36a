// The `netz` command's entry point (dist/cli/netz.js). It runs the bundled CLI (netz-cli.cjs) with a V8 code
// cache per command, so that a run does not compile again what the previous run of that command compiled. The cache
// is an optimisation only: a missing, stale, corrupt or unwritable cache just means compiling as before.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { isCommandName } from './command-names.js';

/** The bundle's content hash, set by scripts/bundle.js: a cache never outlives the code it was made from. */
declare const NETZ_CLI_HASH: string;

const bundle = fileURLToPath(new URL('./netz-cli.cjs', import.meta.url));
// Each command compiles different code; one shared cache would hold only what the first command run needed.
const command = isCommandName(process.argv[2]) ? process.argv[2] : 'usage';
const prefix = `cli-${NETZ_CLI_HASH}-`;
const directory = cacheDirectory();
const cacheFile = directory && join(directory, `${prefix}${process.version}-${process.arch}-${command}.bin`);

// V8 checks a code cache's version, flags and length but not its content unless asked: a damaged cache of the right
// length would crash every run instead of being rejected.
setFlagsFromString('--verify-snapshot-checksum');
let cachedData: Buffer | undefined;
try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
} catch {
    // Not cached yet.
}
// The same wrapper as Node's CommonJS loader, on the first line so that stack traces keep their line numbers.
const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n})`, {
    filename: bundle,
    cachedData
});
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // At exit the cache also holds the functions compiled lazily during the run, which is most of them.
    process.once('exit', () => writeCache(cacheFile, script));
}
const cjsModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(cjsModule.exports, createRequire(bundle), cjsModule, bundle, dirname(bundle));

function cacheDirectory(): string | undefined {
    try {
        // Never a shared directory such as /tmp: whoever can write the cache decides what code runs.
        const xdg = process.env.XDG_CACHE_HOME;
        return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'netz');
    } catch {
        return undefined;
    }
}

function writeCache(file: string, compiled: Script): void {
    const directory = dirname(file);
    // Written aside, then renamed: a concurrent run reads either the old cache or the whole new one.
    const partial = `${file}.${process.pid}`;
    try {
        mkdirSync(directory, { recursive: true, mode: 0o700 });
        writeFileSync(partial, compiled.createCachedData());
        renameSync(partial, file);
        // Every rebuild brings new caches: drop those of other builds (another checkout just compiles once more)
        // and leftovers of interrupted writes (a concurrent writer whose file goes only skips its cache).
        for (const name of readdirSync(directory)) {
            if (name.startsWith('cli-') && !(name.startsWith(prefix) && name.endsWith('.bin'))) {
                rmSync(join(directory, name), { force: true });
            }
        }
    } catch {
        // An unwritable cache directory (or a full disk) only costs the next run its compile time.
        try {
            rmSync(partial, { force: true });
        } catch {
            // Nothing more to tidy.
        }
    }
}
