import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Page } from 'playwright-core';
import type { HostToView, KeyLogSpec, PacketRow, ViewReply, ViewToHost, WorkerToHost } from '../../src/protocol';
import { webviewHtml } from '../../src/extension/webviewHtml';
import { FONT_VARIABLES, THEME_BODY_CLASSES, THEME_VARIABLES, type ThemeName } from './themes';

export const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

/**
 * VS Code's side of the webview, minus VS Code: serves the real editor page (same HTML and CSP as
 * the extension) with a stubbed acquireVsCodeApi, and answers its messages from the real capture
 * worker (dist/worker.js) — or, for the ten-million-row test, from a synthetic row source.
 */
export class FakeHost {
  private worker: Worker | undefined;
  private loaded: HostToView[] = [];
  readonly received: ViewToHost[] = [];
  private page: Page | undefined;
  /** The VS Code theme whose colours the page gets (from the next page load on). */
  theme: ThemeName = 'dark';

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeHost> {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const host = new FakeHost(server, url);
    server.on('request', (req, res) => host.serve(req, res));
    return host;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    servePage(req, res, { script: 'webview.js', origin: this.url, theme: this.theme });
  }

  /** Wires a page to this host; call before page.goto(host.url). */
  async attach(page: Page): Promise<void> {
    this.page = page;
    await page.exposeFunction('__toHost', (m: ViewToHost) => this.fromView(m));
  }

  /** Set to make the worker stop reading (what CaptureDocument.cancel does). */
  private stop = new Int32Array(new SharedArrayBuffer(4));
  /** Every progress message the worker sent for the current file. */
  progress: Array<Extract<WorkerToHost, { type: 'progress' }>> = [];
  /** Row windows the worker answered before the file was completely read (streaming). */
  rowsBeforeLoaded = 0;
  /** Called when the first streamed row window reaches the page (a test may cancel there). */
  onStreamedRows: (() => void) | undefined;
  private isLoaded = false;

  /** Opens a capture in the real worker, as CaptureDocument does. Resolves when it is read. */
  /** `keyLog`: the TLS key log the host found for it (as CaptureDocument sends it). */
  openCapture(file: string, keyLog?: KeyLogSpec): Promise<void> {
    this.worker?.terminate();
    this.loaded = [];
    this.progress = [];
    this.rowsBeforeLoaded = 0;
    this.isLoaded = false;
    this.stop = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(path.join(DIST, 'worker.js'));
    this.worker = w;
    return new Promise((resolve, reject) => {
      w.on('error', reject);
      w.on('message', (m: WorkerToHost) => {
        if (m.type === 'progress') {
          this.progress.push(m);
          this.loaded = [{ type: 'loading', fileName: path.basename(file), reload: false }, m];
          this.toView(m);
        } else if (m.type === 'loaded') {
          this.isLoaded = true;
          this.loaded = [{ type: 'loaded', header: m.header, ms: m.ms }];
          this.toView(this.loaded[0]);
          resolve();
        } else if (m.type === 'analysis') {
          this.loaded.push({ type: 'analysis', analysis: m.analysis });
          this.toView(this.loaded[this.loaded.length - 1]);
        } else if (m.type === 'reply') {
          this.toView(m.msg);
          if (m.msg.type === 'rows' && !this.isLoaded && this.rowsBeforeLoaded++ === 0) this.onStreamedRows?.();
        } else if (m.type === 'failed') reject(new Error(m.message));
        else if (m.type === 'error') console.error('[worker]', m.message);
      });
      w.postMessage({
        type: 'open',
        source: { kind: 'path', path: file, fileName: path.basename(file) },
        stop: this.stop.buffer as SharedArrayBuffer,
        ...(keyLog ? { keyLog } : {}),
      });
    });
  }

  /** Serves `count` synthetic rows instead of a capture (virtualization at scale). */
  synthetic(count: number): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.syntheticCount = count;
    this.loaded = [
      { type: 'loaded', header: { fileName: 'synthetic', format: 'synthetic', size: 0, packets: count, encapsulation: [] }, ms: 0 },
      { type: 'analysis', analysis: { status: 'unavailable', reason: 'synthetic' } },
    ];
  }

  /** Requests for which this says true wait in `held` until release(): a slow worker, on demand. */
  hold: ((m: ViewToHost) => boolean) | undefined;
  private readonly held: ViewToHost[] = [];

  /** Lets the held requests through, in order. */
  release(): void {
    this.hold = undefined;
    for (const m of this.held.splice(0)) this.fromView(m);
  }

  /** Answers a request with a crafted reply instead of the worker's (undefined: the worker answers). */
  answer: ((m: ViewToHost) => ViewReply | undefined) | undefined;

  private syntheticCount = 0;
  private syntheticGen = 0;

  private fromView(m: ViewToHost): void {
    this.received.push(m);
    if (m.type === 'ready') {
      for (const l of this.loaded) this.toView(l);
      return;
    }
    if (
      m.type === 'log' ||
      m.type === 'reload' ||
      m.type === 'uiState' ||
      m.type === 'openLink' ||
      m.type === 'copyText' ||
      m.type === 'addSysctlSetting' ||
      m.type === 'graphExport' ||
      m.type === 'saveHttpBody'
    )
      return;
    if (m.type === 'cancel') {
      this.cancel();
      return;
    }
    if (this.hold?.(m)) {
      this.held.push(m);
      return;
    }
    // Replies carry their request's id, as the worker's do.
    const reply = (r: ViewReply) => this.toView({ ...r, id: m.id });
    const crafted = this.answer?.(m);
    if (crafted) {
      reply(crafted);
      return;
    }
    if (this.worker) {
      this.worker.postMessage({ type: 'request', view: 'v1', msg: m });
      return;
    }
    // Synthetic mode: every packet shown, rows made up from their number.
    switch (m.type) {
      case 'setFilter':
        reply({ type: 'filter', gen: ++this.syntheticGen, text: m.text, count: this.syntheticCount, total: this.syntheticCount, ms: 0 });
        break;
      case 'rows': {
        const rows: PacketRow[] = [];
        for (let k = m.start; k < Math.min(this.syntheticCount, m.start + m.count); k++) {
          rows.push({
            packet: k,
            abs: '',
            rel: (k / 1000).toFixed(6),
            delta: '0.001000',
            src: '10.0.0.1',
            dst: '10.0.0.2',
            protocol: 'TCP',
            length: 60,
            info: `synthetic row ${k + 1}`,
            color: k % 7 === 0 ? 'synfin' : 'tcp',
          });
        }
        reply({ type: 'rows', gen: m.gen, start: m.start, rows });
        break;
      }
      case 'goto':
        reply({ type: 'goto', gen: m.gen, frame: m.frame, position: Math.min(m.frame, this.syntheticCount) - 1, exact: m.frame <= this.syntheticCount });
        break;
      case 'positionOf':
        reply({ type: 'positionOf', gen: m.gen, packet: m.packet, position: m.packet });
        break;
      case 'detail':
        reply({ type: 'detail', packet: m.packet, tree: [{ field: 'frame', text: `Frame ${m.packet + 1}`, offset: 0, length: 1 }], bytes: [0] });
        break;
    }
  }

  cancel(): void {
    Atomics.store(this.stop, 0, 1);
  }

  /** Sends a message as the extension host would (commands' intents, crafted analysis results). */
  send(m: HostToView): void {
    this.toView(m);
  }

  private toView(m: HostToView): void {
    void this.page?.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => {});
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    await new Promise((r) => this.server.close(r));
  }
}

/**
 * Serves a webview page as VS Code would: the HTML shell with its CSP and nonce (webviewHtml), the
 * stub host script before the page's bundle (`script`, from dist/), and the one stylesheet.
 */
export function servePage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  o: { script: 'webview.js' | 'compare.js'; origin: string; theme: ThemeName; title?: string },
): void {
  const nonce = 'testnonce' + Math.random().toString(36).slice(2);
  const send = (type: string, body: string | Buffer) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  switch (req.url) {
    case '/': {
      const html = webviewHtml({ scriptUri: `/${o.script}`, styleUri: '/webview.css', cspSource: o.origin, nonce, title: o.title }).replace(
        '<script nonce',
        `<script nonce="${nonce}" src="/stub.js"></script>\n<script nonce`,
      );
      return send('text/html', html);
    }
    case '/stub.js':
      return send('text/javascript', stub(o.theme));
    case `/${o.script}`:
      return send('text/javascript', fs.readFileSync(path.join(DIST, o.script)));
    case '/webview.css':
      return send('text/css', fs.readFileSync(path.join(DIST, 'webview.css')));
    case '/favicon.ico':
      res.writeHead(204);
      res.end();
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

/**
 * Stands in for VS Code's webview host script: acquireVsCodeApi with state kept across page reloads
 * (like getState/setState across hide/show), a theme's CSS variables and body class, and a record of
 * CSP violations for the tests to assert on.
 */
function stub(theme: ThemeName): string {
  const vars = Object.fromEntries(Object.entries({ ...FONT_VARIABLES, ...THEME_VARIABLES[theme] }).map(([k, v]) => [`--vscode-${k}`, v]));
  return `
(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  let state = JSON.parse(sessionStorage.getItem('vscodeState') || 'null') || undefined;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => window.__toHost(m),
      getState: () => state,
      setState: (s) => { state = s; sessionStorage.setItem('vscodeState', JSON.stringify(s)); },
    };
  };
  for (const [k, v] of Object.entries(${JSON.stringify(vars)})) document.documentElement.style.setProperty(k, v);
  document.addEventListener('DOMContentLoaded', () => {
    document.body.classList.add(...${JSON.stringify(THEME_BODY_CLASSES[theme])});
    document.body.dataset.vscodeThemeKind = ${JSON.stringify(THEME_BODY_CLASSES[theme][0])};
  });
})();
`;
}
