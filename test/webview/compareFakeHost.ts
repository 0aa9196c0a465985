import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Page } from 'playwright-core';
import { RequestChannel } from '../../src/channel';
import type { CompareCalls, CompareSummary, CompareViewToHost, CompareWorkerRequest, HostToCompareView } from '../../src/protocol';
import { COMPARE_REPLY_CHECKS } from '../../src/replyChecks';
import { ROOT, servePage } from './fakeHost';
import type { ThemeName } from './themes';

const DIST = path.join(ROOT, 'dist');

/**
 * The compare panel's host minus VS Code (src/extension/compare/comparePanel.ts): serves the real
 * compare page with the same HTML and CSP, compares in the real analysis worker (dist/analysisWorker.js)
 * and passes the page's questions on to it, as the panel does.
 */
export class CompareFakeHost {
  private readonly worker = new Worker(path.join(DIST, 'analysisWorker.js'));
  private readonly channel = new RequestChannel<CompareWorkerRequest, CompareCalls>((m) => this.worker.postMessage(m), COMPARE_REPLY_CHECKS);
  readonly received: CompareViewToHost[] = [];
  private page: Page | undefined;
  private summary: CompareSummary | undefined;
  theme: ThemeName = 'dark';

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {
    this.worker.on('message', (m: unknown) => this.channel.receive(m));
  }

  static async start(): Promise<CompareFakeHost> {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = new CompareFakeHost(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => host.serve(req, res));
    return host;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    servePage(req, res, { script: 'compare.js', origin: this.url, theme: this.theme, title: 'A ⇄ B' });
  }

  /** Compares two captures in the worker (as the panel does when it opens). */
  async compare(a: string, b: string): Promise<CompareSummary> {
    const reply = await this.channel.request('compareOpen', {
      session: 's1',
      a: { kind: 'path', path: a },
      b: { kind: 'path', path: b },
      names: { a: path.basename(a), b: path.basename(b) },
    });
    this.summary = reply.summary;
    return reply.summary;
  }

  async attach(page: Page): Promise<void> {
    this.page = page;
    await page.exposeFunction('__toHost', (m: CompareViewToHost) => this.fromView(m));
  }

  private fromView(m: CompareViewToHost): void {
    this.received.push(m);
    if (m.type === 'ready') {
      this.toView({ type: 'compareLoading', fileA: 'A', fileB: 'B' });
      if (this.summary) this.toView({ type: 'compared', summary: this.summary });
      return;
    }
    if (m.type === 'log' || m.type === 'reveal') return;
    const { id, ...request } = m;
    this.channel.request(request.type, { ...request, session: 's1' } as never).then(
      (reply) => this.toView({ ...reply, id } as HostToCompareView),
      (e: unknown) => this.toView({ type: 'requestFailed', id, message: String(e) }),
    );
  }

  private toView(m: HostToCompareView): void {
    void this.page?.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => {});
  }

  async close(): Promise<void> {
    await this.worker.terminate();
    await new Promise((r) => this.server.close(r));
  }
}
