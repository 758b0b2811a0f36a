// What a user sees: the packaged extension installed into a fresh code-server, driven through chromium.
// The tests run in order on one window, as one user session; screenshots of each stage go to test-artifacts/e2e/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CodeServerSession, makeWorkspace, REPO_ROOT, sharedVsix, waitUntil } from './code-server-harness.js';
import type { FixtureFile } from './e2e-fixtures.js';
import { docSnippet, FORWARD, FORWARD_RULE, forwardVariant, lineOf, OFFLINK, probesOf, SEED, SHADOWED } from './e2e-fixtures.js';
import type { Feature } from './feature-gates.js';
import { missingFeature, STRICT } from './feature-gates.js';
import { activeEditor, cursorLine, describeScreen, openFile, runCommand, screenshot, SERVER_MS, statusItem, token, UI_MS, waitForWorkbench, webviewContent } from './workbench-driver.js';

describe('the extension in VS Code, as a user sees it', function () {
    this.timeout(240_000);
    let session: CodeServerSession;
    const seedText = readFileSync(join(REPO_ROOT, SEED), 'utf8');
    const forwardText = forwardVariant(seedText);
    let page: Page;
    let workspace: string;

    before(async function () {
        // Made here, not at load time, so a --grep that skips this suite leaves no temp folder behind.
        session = new CodeServerSession('ui');
        workspace = makeWorkspace(session.dir, { [OFFLINK.path]: OFFLINK.text, [SHADOWED.path]: SHADOWED.text, [FORWARD]: forwardText });
        page = await session.start({ workspace, vsix: sharedVsix() });
        await page.goto(session.url(workspace));
        await waitForWorkbench(page);
    });

    afterEach(async function () {
        if (this.currentTest?.state !== 'failed' || page === undefined) return;
        const name = `FAILED-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`;
        const shot = await screenshot(page, name).catch(error => `(screenshot failed: ${String(error)})`);
        console.log(`\n  screenshot: ${shot}\n${await describeScreen(page)}\n--- code-server log (tail) ---\n${session.serverLog()}`);
    });

    after(async function () {
        await session?.stop();
    });

    function requireFeature(test: Mocha.Context, feature: Feature): void {
        const missing = missingFeature(session.extensionDir, feature);
        if (missing === undefined) return;
        if (STRICT) assert.fail(missing);
        console.log(`      pending: ${missing}`);
        test.skip();
    }

    /** The code lenses of the probes, top to bottom, once the server has sent one per probe. */
    async function probeLenses(text: string): Promise<Locator[]> {
        // Lenses render only for visible lines; the probes are at the end of the file.
        await activeEditor(page).locator('.view-lines').click();
        await page.keyboard.press('Control+End');
        // Probe lenses read '▶ Trace · ✓ established, 14 steps'; namespaces have '▶ Trace from here…'.
        const lenses = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Trace ·' });
        const expected = probesOf(text).length;
        await waitUntil(`${expected} probe lenses ('Trace ·', one per probe)`, SERVER_MS, async () => await lenses.count() >= expected);
        const all = await lenses.all();
        const tops = await Promise.all(all.map(async lens => (await lens.boundingBox())?.y ?? 0));
        return all.map((lens, i) => ({ lens, top: tops[i]! })).sort((a, b) => a.top - b.top).map(entry => entry.lens);
    }

    /**
     * The lens of one probe. Its line is centred first (Go to Line): a lens on the editor's first visible line can sit
     * under the tab bar, which then takes the click.
     */
    async function probeLens(text: string, probe: string): Promise<Locator> {
        const editor = activeEditor(page);
        await editor.locator('.view-lines').click();
        await page.keyboard.press('Control+G');
        await page.keyboard.type(String(lineOf(text, `probe ${probe} `)));
        await page.keyboard.press('Enter');
        const row = editor.locator('.view-line', { hasText: `probe ${probe} ` }).first();
        await row.waitFor({ timeout: UI_MS });
        const lenses = editor.locator('.codelens-decoration a', { hasText: 'Trace ·' });
        let found: Locator | undefined;
        // The probe's lens is the one drawn right above its line.
        await waitUntil(`the lens above probe ${probe}`, SERVER_MS, async () => {
            const top = (await row.boundingBox())?.y;
            for (const lens of await lenses.all()) {
                const box = await lens.boundingBox();
                if (top !== undefined && box !== null && box.y < top && top - (box.y + box.height) < box.height) {
                    found = lens;
                    return true;
                }
            }
            return false;
        });
        return found!;
    }

    async function expectProblem(fixture: FixtureFile, stage: string): Promise<void> {
        await openFile(page, fixture.path);
        await activeEditor(page).locator(`.squiggly-${fixture.severity}`).first().waitFor({ timeout: SERVER_MS });
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: fixture.code });
        await row.first().waitFor({ timeout: UI_MS });
        const text = await row.first().innerText();
        assert.match(text, new RegExp(`\\[Ln ${lineOf(fixture.text, fixture.line)},`), `Problems row: ${text}`);
        await screenshot(page, stage);
    }

    async function expectHover(lineText: string, word: string, docKey: string, stage: string): Promise<void> {
        await openFile(page, SEED);
        const snippet = docSnippet(docKey);
        const target = token(page, lineText, word);
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: snippet });
        // The first hover may come before the server has compiled the file; moving away and back asks again.
        await waitUntil(`a hover on '${word}' showing '${snippet}'`, SERVER_MS, async () => {
            await page.mouse.move(5, 450);
            await target.hover();
            return hover.first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
        });
        await screenshot(page, stage);
        await page.keyboard.press('Escape');
    }

    it('opening seed.netz sets the language mode to Netz and colours it with our grammar', async function () {
        await openFile(page, SEED);
        await waitUntil("the status bar's language mode to read Netz", UI_MS, async () => await statusItem(page, 'status.editor.mode') === 'Netz');
        // The token inspector names the TextMate scopes under the cursor: source.netz is our grammar's scope.
        await token(page, 'host docker-host', 'host').click();
        await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
        const inspector = page.locator('.token-inspect-widget');
        await inspector.waitFor({ timeout: UI_MS });
        const scopes = await inspector.innerText();
        assert.match(scopes, /source\.netz/, scopes);
        assert.match(scopes, /\b(?!source\.netz)[a-z-]+(\.[a-z-]+)*\.netz\b/, `'host' has no scope of our grammar besides source.netz:\n${scopes}`);
        const colour = async (locator: Locator) => locator.evaluate(element => getComputedStyle(element).color);
        const keyword = await colour(token(page, 'host docker-host', 'host'));
        const name = await colour(token(page, 'host docker-host', 'docker-host'));
        const comment = await colour(activeEditor(page).locator('.view-line', { hasText: '# Three containers' }).locator('span > span').first());
        assert.notEqual(keyword, comment, 'keyword and comment have the same colour');
        assert.notEqual(keyword, name, 'keyword and name have the same colour');
        await screenshot(page, '1-seed-opened');
        await page.keyboard.press('Escape');
    });

    it('a file with an off-link gateway shows an error squiggle and a route-gateway-offlink Problems row', async function () {
        await expectProblem(OFFLINK, '2-offlink-problem');
    });

    it('a shadowed rule shows a warning squiggle and a rule-shadowed Problems row', async function () {
        await expectProblem(SHADOWED, '3-shadowed-problem');
        await page.keyboard.press('Control+J');
    });

    it('hovering the MASQUERADE target shows its documentation', async function () {
        requireFeature(this, 'hover');
        await expectHover('-j MASQUERADE', 'MASQUERADE', 'target:MASQUERADE', '4-hover-masquerade');
    });

    it('hovering the veth keyword shows its documentation', async function () {
        requireFeature(this, 'hover');
        await expectHover('veth veth1 peer', 'veth', 'keyword:veth', '5-hover-veth');
    });

    it('every probe of seed.netz has a lens with its result', async function () {
        requireFeature(this, 'lenses');
        await openFile(page, SEED);
        const lenses = await probeLenses(seedText);
        const probes = probesOf(seedText);
        assert.equal(lenses.length, probes.length);
        for (const [i, probe] of probes.entries()) {
            const text = await lenses[i]!.innerText();
            assert.ok(text.includes(`✓ ${probe.outcome}`), `lens of ${probe.name} reads '${text}'`);
        }
        await screenshot(page, '6-seed-lenses');
    });

    it('the c1-web lens opens the trace view, whose diagram and steps show the MASQUERADE rewrite', async function () {
        requireFeature(this, 'lenses');
        await openFile(page, SEED);
        await (await probeLens(seedText, 'c1-web')).click();
        const view = webviewContent(page);
        await view.locator('svg').first().waitFor({ timeout: SERVER_MS });
        // The request leaves c1 as 192.168.31.10 and the steps list the nat POSTROUTING rule that rewrites it.
        await view.getByText('192.168.31.10:40000').first().waitFor({ timeout: UI_MS });
        await view.locator('li.step', { hasText: 'POSTROUTING rule 1: MASQUERADE' }).waitFor({ timeout: UI_MS });
        await screenshot(page, '7-trace-view');
    });

    it('clicking the MASQUERADE step shows the rewritten packet and moves the cursor to that rule', async function () {
        requireFeature(this, 'lenses');
        const view = webviewContent(page);
        await view.locator('li.step', { hasText: 'POSTROUTING rule 1: MASQUERADE' }).click({ timeout: UI_MS });
        // After MASQUERADE the packet's source is docker-host's eth0 address.
        await view.getByText('203.0.113.86 → 198.51.100.183').first().waitFor({ timeout: UI_MS });
        const line = lineOf(seedText, '-j MASQUERADE');
        await waitUntil(`the cursor on line ${line}`, UI_MS, async () => await cursorLine(page).catch(() => 0) === line);
        await screenshot(page, '8-step-clicked');
    });

    it('editing a FORWARD rule from ACCEPT to DROP updates the lens and the open trace view', async function () {
        requireFeature(this, 'lenses');
        await openFile(page, FORWARD);
        const lens = await probeLens(forwardText, 'c1-web');
        assert.match(await lens.innerText(), /✓ established/);
        await lens.click();
        await webviewContent(page).getByText('established').first().waitFor({ timeout: SERVER_MS });
        // Back in the text editor: go to the rule's line, select its target, type the new one.
        await page.locator('.part.editor .monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+G');
        await page.keyboard.type(String(lineOf(forwardText, FORWARD_RULE)));
        await page.keyboard.press('Enter');
        await page.locator('.part.editor .monaco-editor .view-line', { hasText: FORWARD_RULE }).first()
            .locator('span > span', { hasText: /^ACCEPT$/ }).first().dblclick();
        await page.keyboard.type('DROP');
        await page.keyboard.press('Control+End');
        const updated = page.locator('.part.editor .monaco-editor .codelens-decoration a', { hasText: 'got dropped' });
        await updated.first().waitFor({ timeout: SERVER_MS });
        await webviewContent(page).getByText('dropped').first().waitFor({ timeout: SERVER_MS });
        await screenshot(page, '9-edited-to-drop');
    });

    it('Netz: Export as Shell Script writes the script', async function () {
        requireFeature(this, 'export');
        await openFile(page, SEED);
        // The command writes NAME.setup.sh and NAME.teardown.sh next to the file after a modal confirmation.
        const setup = join(workspace, SEED.replace(/\.netz$/, '.setup.sh'));
        await runCommand(page, 'Netz: Export as Shell Script');
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: UI_MS });
        await screenshot(page, '10-export-confirm');
        await dialog.getByRole('button', { name: 'Write' }).click();
        await waitUntil(`${setup} to be written`, SERVER_MS, () => existsSync(setup));
        await page.locator('.notifications-toasts', { hasText: 'setup.sh' }).waitFor({ timeout: UI_MS });
        const script = readFileSync(setup, 'utf8');
        assert.match(script, /ip netns add/, script.slice(0, 500));
        await screenshot(page, '11-exported');
    });
});
