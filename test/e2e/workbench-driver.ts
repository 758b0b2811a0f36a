// What a user does in the VS Code workbench, as playwright steps with bounded waits, plus what was on screen for failure reports.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './code-server-harness.js';

/** The workbench renders in a few seconds; 90 s leaves room for a cold start on 2 busy cores. */
export const WORKBENCH_MS = 90_000;
/** The language server starts, parses, analyses and simulates the file before lenses and diagnostics appear. */
export const SERVER_MS = 60_000;
/** Plain UI reactions (a quick pick opening, a hover rendering). */
export const UI_MS = 15_000;

export async function screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path, timeout: UI_MS });
    return path;
}

export async function waitForWorkbench(page: Page): Promise<void> {
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
    // The explorer lists the folder once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WORKBENCH_MS });
}

/** The editor pane holding the active file. */
export function activeEditor(page: Page): Locator {
    return page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a user would type its name. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_MS });
    await input.fill(relativePath);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_MS });
    await page.keyboard.press('Enter');
    // By the tab's resource: a trace view's tab title names its file too.
    await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: UI_MS });
    await activeEditor(page).locator('.view-line').first().waitFor({ timeout: UI_MS });
}

/** Runs a command from the palette by its title, e.g. `Netz: Export as Shell Script`. */
export async function runCommand(page: Page, title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_MS });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_MS });
    await page.keyboard.press('Enter');
}

export async function statusItem(page: Page, id: string): Promise<string> {
    return (await page.locator(`[id="${id}"]`).innerText({ timeout: UI_MS })).trim();
}

/** The 1-based line of the editor cursor, read from the status bar ("Ln 15, Col 5"). */
export async function cursorLine(page: Page): Promise<number> {
    const text = await statusItem(page, 'status.editor.selection');
    const match = /Ln (\d+)/.exec(text);
    if (match === null) throw new Error(`status bar selection item reads '${text}'`);
    return Number(match[1]);
}

/** The rendered token of `text` on the editor's visible line that contains `lineText`. */
export function token(page: Page, lineText: string, text: string): Locator {
    return activeEditor(page).locator('.view-line', { hasText: lineText }).first()
        .locator('span > span', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
}

/** The trace view's document: the webview's outer iframe holds the content in `#active-frame`. */
export function webviewContent(page: Page): FrameLocator {
    return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** What was on screen, panel by panel, for a failure report. */
export async function describeScreen(page: Page): Promise<string> {
    const parts: string[] = [];
    const panels: [string, string][] = [
        ['editor', '.part.editor .editor-group-container.active .view-lines'],
        ['code lenses', '.part.editor .codelens-decoration'],
        ['hover', '.monaco-hover:not(.hidden)'],
        ['problems', '.markers-panel'],
        ['notifications', '.notifications-toasts'],
        ['quick input', '.quick-input-widget'],
        ['status bar', '.part.statusbar']
    ];
    for (const [label, selector] of panels) {
        const texts = await page.locator(`${selector}:visible`).allInnerTexts().catch(() => []);
        const text = texts.join('\n').trim();
        if (text !== '') parts.push(`--- ${label} ---\n${text.slice(0, 3000)}`);
    }
    const view = await webviewContent(page).locator('body').innerText({ timeout: 1000 }).catch(() => '');
    if (view.trim() !== '') parts.push(`--- trace view ---\n${view.slice(0, 3000)}`);
    return parts.join('\n');
}
