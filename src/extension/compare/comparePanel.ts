import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { RemoteFailure } from '../../channel';
import type { CompareSummary, CompareViewToHost, HostToCompareView } from '../../protocol';
import { requestFailed } from '../../channel';
import { captureName } from '../problems/analysisClient';
import { makeNonce, webviewHtml } from '../webviewHtml';
import type { CompareClient } from './compareClient';
import type { CompareDiagnostics } from './compareDiagnostics';

export const COMPARE_VIEW_TYPE = 'pcapInspector.compare';

let sessions = 0;

/**
 * One comparison of two captures in a webview panel (webview/comparePage.ts): the host compares
 * them in the compare worker, hands the summary to the page and to the Problems panel, and passes
 * the page's questions on to the worker. Closing the panel drops the comparison and its problems.
 */
export class ComparePanel {
  readonly session = `compare-${++sessions}`;
  private summary: CompareSummary | undefined;
  private failure: string | undefined;
  private ready = false;
  private disposed = false;
  /** The page's questions answered so far (the integration test reads it: the page is up and asking for rows). */
  answered = 0;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;
  /** Resolves when the comparison is done (or failed). */
  readonly compared: Promise<CompareSummary | undefined>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly a: vscode.Uri,
    readonly b: vscode.Uri,
    private readonly client: CompareClient,
    private readonly diagnostics: CompareDiagnostics,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.webview.html = webviewHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'compare.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((n) => crypto.randomBytes(n)),
      title: panel.title,
    });
    panel.webview.onDidReceiveMessage((m: CompareViewToHost) => this.fromPage(m));
    panel.onDidDispose(() => {
      this.disposed = true;
      this.client.close(this.session);
      this.diagnostics.clear(this.session);
      this.closed.fire();
      this.closed.dispose();
    });
    this.compared = this.client.open(this.session, a, b).then(
      (summary) => {
        // Closed while comparing: the worker's copy and the problems go at once.
        if (this.disposed) {
          this.client.close(this.session);
          return summary;
        }
        this.summary = summary;
        this.diagnostics.set(this.session, a, b, summary);
        if (this.ready) this.post({ type: 'compared', summary });
        return summary;
      },
      (e: unknown) => {
        this.failure = e instanceof Error ? e.message : String(e);
        this.log.error(`compare ${a.toString()} with ${b.toString()}: ${this.failure}`);
        if (this.ready) this.post({ type: 'compareFailed', message: this.failure });
        return undefined;
      },
    );
  }

  private post(m: HostToCompareView): void {
    void this.panel.webview.postMessage(m);
  }

  private fromPage(m: CompareViewToHost): void {
    switch (m.type) {
      case 'ready':
        // A page shown again (it is not kept while hidden) starts over from the summary.
        this.ready = true;
        this.post({ type: 'compareLoading', fileA: captureName(this.a), fileB: captureName(this.b) });
        if (this.summary) this.post({ type: 'compared', summary: this.summary });
        else if (this.failure) this.post({ type: 'compareFailed', message: this.failure });
        return;
      case 'log':
        if (m.level === 'error') this.log.error(`compare page: ${m.text}`);
        else this.log.info(`compare page: ${m.text}`);
        return;
      case 'reveal':
        void vscode.commands.executeCommand('pcapInspector.revealPacket', m.side === 'a' ? this.a : this.b, m.frame);
        return;
      default: {
        const { id, ...request } = m;
        this.client.ask(this.session, request).then(
          (reply) => {
            this.answered++;
            this.post({ ...reply, id });
          },
          (e: unknown) => {
            if (!(e instanceof RemoteFailure)) this.log.warn(`compare ${request.type}: ${String(e)}`);
            this.post(requestFailed(id, e));
          },
        );
      }
    }
  }
}
