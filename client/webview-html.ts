/**
 * The trace view's HTML page. Kept free of the vscode API so the browser tests load the very same page and CSP:
 * scripts only with the nonce, styles only from the extension's files, nothing inline.
 */

export interface WebviewHtmlParts {
    /** `webview.cspSource`: the origin the webview may load the extension's files from. */
    cspSource: string;
    nonce: string;
    scriptUri: string;
    styleUri: string;
}

export function contentSecurityPolicy(parts: Pick<WebviewHtmlParts, 'cspSource' | 'nonce'>): string {
    return [
        `default-src 'none'`,
        `img-src ${parts.cspSource} data:`,
        `style-src ${parts.cspSource}`,
        `font-src ${parts.cspSource}`,
        `script-src 'nonce-${parts.nonce}'`
    ].join('; ');
}

export function webviewHtml(parts: WebviewHtmlParts): string {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(parts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${parts.styleUri}">
<title>Netz trace</title>
</head>
<body>
<div id="app"></div>
<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>
</body>
</html>
`;
}

/** A fresh nonce for the page's script tag: 128 random bits, hex. */
export function makeNonce(): string {
    return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
