import { TlsKeyLogSource } from './tlsKeyLogSource';
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { MarkAction } from '../protocol';
import type { ViewIntent } from '../protocol';
import { CaptureDocument } from './captureDocument';
import { makeNonce, webviewHtml } from './webviewHtml';

export const CAPTURE_EDITOR_VIEW_TYPE = 'pcapInspector.capture';

/**
 * Read-only custom editor for captures (custom-editor-sample's shape: asWebviewUri, CSP with a
 * per-load nonce, getState/setState rather than retainContextWhenHidden).
 */
export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument> {
  /** Open documents by URI, so tests and commands can reach the active one. */
  readonly documents = new Map<string, CaptureDocument>();
  /** Commands' requests for captures whose editor is being opened. */
  private readonly pendingIntents = new Map<string, ViewIntent>();
  private readonly opened = new vscode.EventEmitter<CaptureDocument>();
  /** A capture was opened in the editor (the Problems side then asks it instead of reading the file again). */
  readonly onDidOpenDocument = this.opened.event;

  /** The TLS key log each capture uses (chosen, set, or found beside it). */
  readonly keyLogs: TlsKeyLogSource;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.keyLogs = new TlsKeyLogSource(context.workspaceState);
  }

  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CaptureEditorProvider {
    const provider = new CaptureEditorProvider(context, log);
    context.subscriptions.push(
      provider.opened,
      vscode.window.registerCustomEditorProvider(CAPTURE_EDITOR_VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        webviewOptions: { retainContextWhenHidden: false },
      }),
    );
    return provider;
  }

  async openCustomDocument(uri: vscode.Uri): Promise<CaptureDocument> {
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'worker.js').fsPath;
    const doc = new CaptureDocument(uri, script, this.log, this.keyLogs);
    const key = uri.toString();
    this.documents.set(key, doc);
    const intent = this.pendingIntents.get(key);
    if (intent) {
      this.pendingIntents.delete(key);
      doc.queueIntent(intent);
    }
    const origDispose = doc.dispose.bind(doc);
    doc.dispose = () => {
      if (this.documents.get(key) === doc) this.documents.delete(key);
      origDispose();
    };
    void doc.load();
    this.opened.fire(doc);
    return doc;
  }

  /** The open document of a capture, if it is open in the editor. */
  find(uri: vscode.Uri): CaptureDocument | undefined {
    return this.documents.get(uri.toString());
  }

  /**
   * The capture's document once the editor has opened it: a tab can be there a moment before VS
   * Code asks for its document. Undefined if it does not come within `ms`.
   */
  whenOpen(uri: vscode.Uri, ms: number): Promise<CaptureDocument | undefined> {
    const doc = this.find(uri);
    if (doc) return Promise.resolve(doc);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, ms);
      const sub = this.onDidOpenDocument((d) => {
        if (d.uri.toString() !== uri.toString()) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(d);
      });
    });
  }

  /** Shows a packet or stream in the capture's editor, opening one if none is open. */
  async show(uri: vscode.Uri, intent: ViewIntent): Promise<void> {
    const key = uri.toString();
    const doc = this.documents.get(key);
    if (doc?.showIntent(intent)) return;
    if (doc) doc.queueIntent(intent);
    else this.pendingIntents.set(key, intent);
    await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_EDITOR_VIEW_TYPE);
  }

  /** The capture whose editor is active, else the only one open. */
  activeDocument(): CaptureDocument | undefined {
    const docs = [...this.documents.values()];
    return docs.find((d) => d.isActive) ?? (docs.length === 1 ? docs[0] : undefined);
  }

  /** Ctrl+M and the next/previous mark keys in the active capture editor. */
  markAction(action: MarkAction): void {
    for (const doc of this.documents.values()) if (doc.markAction(action)) return;
  }

  /** The go-to-packet box of the active capture editor (its Ctrl+G / Cmd+G keybinding). */
  openGoToBox(): void {
    for (const doc of this.documents.values()) if (doc.openGoToBox()) return;
  }

  /** Follow Stream on the active capture editor's selected packet (its Ctrl+Alt+Shift+T keybinding). */
  followSelected(): void {
    for (const doc of this.documents.values()) if (doc.followSelected()) return;
  }

  async resolveCustomEditor(document: CaptureDocument, panel: vscode.WebviewPanel): Promise<void> {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    document.attach(panel);
    panel.webview.html = webviewHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((n) => crypto.randomBytes(n)),
    });
  }
}
