import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { webviewHtml } from '../../client/webview-html.js';
import type { HostMessage, ViewMessage } from '../../client/webview/webview-messages.js';

/**
 * Loads the real webview bundle into Debian's chromium, under the real page and CSP, with a stub `acquireVsCodeApi`
 * that records what the view posts. Files are served from a fake origin standing for `webview.cspSource`.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'https://webview.netz.test';
const CHROMIUM = '/usr/bin/chromium';

export interface Harness {
    context: BrowserContext;
    page: Page;
    /** Console errors and CSP violation reports seen so far. */
    problems: string[];
    close(): Promise<void>;
}

export function buildWebviewBundle(): void {
    execFileSync(process.execPath, ['scripts/bundle.js'], { cwd: ROOT, stdio: 'inherit' });
}

/** VS Code's theme variables for the colours the stylesheet uses, as a light and a dark theme define them. */
export const THEMES: Record<'light' | 'dark', Record<string, string>> = {
    light: {
        'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'panel-border': '#e5e5e5',
        'sideBar-background': '#f8f8f8', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8', 'badge-background': '#cccccc',
        'badge-foreground': '#3b3b3b', 'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-green': '#388a34',
        'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'focusBorder': '#005fb8', 'errorForeground': '#f85149',
        'testing-iconPassed': '#388a34', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
        'list-hoverBackground': '#f2f2f2', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
        'font-family': 'sans-serif', 'editor-font-family': 'monospace', 'font-size': '13px', 'textPreformat-foreground': '#3b3b3b',
        'gitDecoration-deletedResourceForeground': '#ad0707', 'gitDecoration-addedResourceForeground': '#587c0c'
    },
    dark: {
        'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d', 'panel-border': '#2b2b2b',
        'sideBar-background': '#181818', 'editorWidget-background': '#202020', 'editorWidget-border': '#454545', 'badge-background': '#616161',
        'badge-foreground': '#f8f8f8', 'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-green': '#89d185',
        'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'focusBorder': '#0078d4', 'errorForeground': '#f85149',
        'testing-iconPassed': '#73c991', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
        'list-hoverBackground': '#2a2d2e', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
        'font-family': 'sans-serif', 'editor-font-family': 'monospace', 'font-size': '13px', 'textPreformat-foreground': '#d7ba7d',
        'gitDecoration-deletedResourceForeground': '#c74e39', 'gitDecoration-addedResourceForeground': '#81b88b'
    }
};

export async function openWebview(): Promise<Harness> {
    const profile = mkdtempSync(join(tmpdir(), 'netz-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
        viewport: { width: 1400, height: 900 }
    });
    const problems: string[] = [];
    // Like VS Code's own webview shim: injected by the host, not an inline script of the page. A string, because
    // the test's compiled functions reference helpers (`__name`) that do not exist in the page.
    await context.addInitScript({
        content: `
            window.__posted = [];
            window.__state = undefined;
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
            window.acquireVsCodeApi = () => ({
                postMessage: (m) => window.__posted.push(m),
                getState: () => window.__state,
                setState: (s) => { window.__state = s; }
            });`
    });
    const html = webviewHtml({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNl', scriptUri: `${ORIGIN}/trace-view.js`, styleUri: `${ORIGIN}/trace-view.css` });
    await context.route(`${ORIGIN}/**`, async (route) => {
        const name = new URL(route.request().url()).pathname.slice(1);
        if (name === 'index.html') {
            await route.fulfill({ contentType: 'text/html', body: html });
        } else if (name === 'trace-view.js' || name === 'trace-view.css') {
            await route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(ROOT, 'dist/webview', name)) });
        } else {
            await route.fulfill({ status: 404, body: '' });
        }
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => {
        if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) {
            problems.push(m.text());
        }
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return {
        context, page, problems,
        close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        }
    };
}

export async function setTheme(page: Page, theme: Record<string, string>): Promise<void> {
    // CSSOM, as VS Code sets its variables; the page's CSP allows it where a style attribute in HTML would not be.
    await page.evaluate((vars) => {
        for (const [k, v] of Object.entries(vars)) {
            document.documentElement.style.setProperty(`--vscode-${k}`, v);
        }
    }, theme);
}

/**
 * Posts a message as the extension would and waits until the view has drawn it. The message crosses as JSON, as
 * VS Code sends it: Playwright's own serialisation of a large object argument takes about a second for a
 * 200-namespace topology, a cost of the harness and not of the view.
 */
export async function show(page: Page, message: HostMessage): Promise<number> {
    const before = await page.evaluate(() => document.body.getAttribute('data-ready'));
    const start = Date.now();
    await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
    await page.waitForFunction((b) => document.body.getAttribute('data-ready') !== b, before, { timeout: 30000 });
    return Date.now() - start;
}

export async function posted(page: Page): Promise<ViewMessage[]> {
    return page.evaluate(() => (window as unknown as { __posted: ViewMessage[] }).__posted);
}

export async function cspViolations(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}
