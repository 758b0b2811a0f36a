// The in-extension-host suite (host/extension-host-suite.ts), run by code-server through `extensionTestsPath`
// against the packaged extension; each of its checks is reported here as one test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CodeServerSession, makeWorkspace, REPO_ROOT, sharedVsix } from './code-server-harness.js';
import { forwardVariant, FORWARD, OFFLINK, SEED, SHADOWED, SHADOWED_DUMP } from './e2e-fixtures.js';
import { STRICT } from './feature-gates.js';
import type { HostResult } from './host/host-checks.js';
import { HOST_CHECKS } from './host/host-checks.js';
import { describeScreen, screenshot } from './workbench-driver.js';

/** Every check is bounded inside the host (90 s each); this adds the workbench start and the host's own start. */
const HOST_SUITE_MS = HOST_CHECKS.length * 90_000 + 120_000;

describe('in the extension host (extensionTestsPath)', function () {
    this.timeout(HOST_SUITE_MS + 60_000);
    let session: CodeServerSession;
    const results = new Map<string, HostResult>();
    let exitCode: number | undefined;

    before(async function () {
        // Made here, not at load time, so a --grep that skips this suite leaves no temp folder behind.
        session = new CodeServerSession('host');
        const seedText = readFileSync(join(REPO_ROOT, SEED), 'utf8');
        const workspace = makeWorkspace(session.dir, { [OFFLINK.path]: OFFLINK.text, [SHADOWED.path]: SHADOWED.text, [SHADOWED_DUMP.path]: SHADOWED_DUMP.text, [FORWARD]: forwardVariant(seedText) });
        const suite = join(session.dir, 'host', 'suite.js');
        // The host loads CommonJS; Langium-free, but the shared fixtures pull in language/docs, so bundle them.
        await build({
            entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'host', 'extension-host-suite.ts')], outfile: suite,
            bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning'
        });
        const resultsPath = join(session.dir, 'host-results.json');
        const page = await session.start({ workspace, vsix: sharedVsix(), env: { NETZ_E2E_RESULTS: resultsPath } });
        const exited = new Promise<number>(resolve => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
        await page.goto(session.url(workspace, [
            ['extensionDevelopmentPath', `vscode-remote://remote${session.extensionDir}`],
            ['extensionTestsPath', `vscode-remote://remote${suite}`]
        ]));
        let timer: ReturnType<typeof setTimeout> | undefined;
        exitCode = await Promise.race([exited, new Promise<undefined>(resolve => { timer = setTimeout(() => resolve(undefined), HOST_SUITE_MS); })]);
        clearTimeout(timer);
        const shot = await screenshot(page, 'host-suite-end');
        if (existsSync(resultsPath)) {
            for (const result of JSON.parse(readFileSync(resultsPath, 'utf8')) as HostResult[]) results.set(result.name, result);
        }
        if (exitCode === undefined || results.size === 0) {
            console.log(`host suite exit ${exitCode}, ${results.size} results; screenshot ${shot}\n${await describeScreen(page)}\n--- code-server log ---\n${session.serverLog()}`);
        }
    });

    after(async function () {
        await session?.stop();
    });

    it('the host suite ran to the end and reported its exit code', function () {
        assert.notEqual(exitCode, undefined, `codeAutomationExit was not called within ${HOST_SUITE_MS} ms`);
        assert.equal(results.size, HOST_CHECKS.length, `${results.size} of ${HOST_CHECKS.length} checks reported`);
        assert.equal(exitCode, [...results.values()].some(r => r.status === 'failed') ? 1 : 0);
    });

    for (const name of HOST_CHECKS) {
        it(name, function () {
            const result = results.get(name);
            assert.ok(result, `the host suite reported nothing for this check (exit code ${exitCode})`);
            if (result.status === 'pending' && !STRICT) {
                console.log(`      pending: ${result.detail}`);
                this.skip();
            }
            assert.equal(result.status, 'passed', result.detail);
        });
    }
});
