import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../client/webview-html.js';

describe('trace view page', () => {
    const parts = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: makeNonce(), scriptUri: 'https://x/trace-view.js', styleUri: 'https://x/trace-view.css' };

    it('allows scripts only with its nonce and styles only from the extension, nothing inline', () => {
        const csp = contentSecurityPolicy(parts);
        assert.match(csp, /^default-src 'none'/);
        assert.match(csp, new RegExp(`script-src 'nonce-${parts.nonce}'(;|$)`));
        assert.match(csp, new RegExp(`style-src ${parts.cspSource.replace(/[.+]/g, '\\$&')}(;|$)`));
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    });

    it('has one script, carrying the nonce, and no inline style or handler', () => {
        const html = webviewHtml(parts);
        assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), [`<script nonce="${parts.nonce}" src="${parts.scriptUri}">`]);
        assert.doesNotMatch(html, /style=|<style|\bon[a-z]+=/i);
    });

    it('draws a fresh 128-bit nonce each time', () => {
        const a = makeNonce();
        assert.match(a, /^[0-9a-f]{32}$/);
        assert.notEqual(a, makeNonce());
    });
});
