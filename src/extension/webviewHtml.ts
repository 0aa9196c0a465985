/**
 * The editor's HTML shell. Everything the page shows is built by webview.js from messages; the
 * CSP allows only our bundle (nonce) and stylesheet, no inline script or style, no network.
 * No vscode import: the headless-Chromium tests serve the same page.
 */
export interface WebviewHtmlOptions {
  scriptUri: string;
  styleUri: string;
  /** webview.cspSource in VS Code; the harness origin in tests. */
  cspSource: string;
  nonce: string;
  /** The page's title (unset: the capture editor's). */
  title?: string;
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${o.styleUri}">
<title>${escapeHtml(o.title ?? 'PCAP Inspector')}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
</body>
</html>`;
}

/** A fresh nonce per page load (base64 of 16 random bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64').replace(/[+/=]/g, '');
}

/** A title from file names: no markup gets into the shell. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
