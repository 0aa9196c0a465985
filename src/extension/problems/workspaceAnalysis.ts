import * as vscode from 'vscode';
import type { CaptureEditorProvider } from '../captureEditorProvider';
import type { AnalysisClient } from './analysisClient';
import { AnalysisCancelled, captureName } from './analysisClient';
import type { CaptureFindings } from './captureFindings';
import type { PacketTextProvider } from './packetTextView';
import { captureOfTextUri, PACKET_TEXT_SCHEME } from './packetTextView';

export const ANALYZE_WORKSPACE = 'pcapInspector.analyzeWorkspace';
export const CAPTURE_GLOB = '**/*.{pcap,pcapng,cap,pcap.gz,pcapng.gz,cap.gz}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
const CAPTURE_VIEW_TYPE = 'pcapInspector.capture';
const CHANGE_DEBOUNCE_MS = 500;
/** How long a capture tab's editor may take to open its document before the worker reads the file instead. */
const EDITOR_OPEN_WAIT_MS = 3000;

/** Whether the setting asks for every capture in the workspace to be analysed without being asked. */
function automatic(): boolean {
  return vscode.workspace.getConfiguration('pcapInspector.problems').get<boolean>('analyzeWorkspaceCaptures', false);
}

/**
 * Who asks for analyses: the command over the whole workspace (progress, cancel), captures opened
 * in the capture editor or as text, and the file watcher that drops findings of a deleted capture
 * and re-analyses a changed one.
 */
export class CaptureAnalyses implements vscode.Disposable {
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: AnalysisClient,
    private readonly findings: CaptureFindings,
    private readonly text: PacketTextProvider,
    private readonly log: vscode.LogOutputChannel,
    private readonly editors: CaptureEditorProvider,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(CAPTURE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidDelete((uri) => this.dropped(uri)),
      watcher.onDidChange((uri) => this.changed(uri)),
      watcher.onDidCreate((uri) => {
        if (automatic()) void this.analyze(uri);
      }),
      vscode.commands.registerCommand(ANALYZE_WORKSPACE, () => this.analyzeWorkspace(true)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.analyzeOpenCaptures()),
      // The editor now holds the capture: a copy the analysis worker read earlier can go.
      editors.onDidOpenDocument((doc) => {
        client.forget(doc.uri);
        if (!this.findings.has(doc.uri)) void this.analyze(doc.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        const capture = d.uri.scheme === PACKET_TEXT_SCHEME ? captureOfTextUri(d.uri) : undefined;
        if (capture && !this.findings.has(capture)) void this.analyze(capture);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pcapInspector.problems.analyzeWorkspaceCaptures') && automatic()) void this.analyzeWorkspace(false);
      }),
    );
    this.analyzeOpenCaptures();
    if (automatic()) void this.analyzeWorkspace(false);
  }

  /** Analyses one capture (once at a time per capture) and publishes its findings. */
  analyze(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<void> {
    const key = uri.toString();
    const busy = this.running.get(key);
    if (busy) return busy;
    const job = this.client
      .analyze(uri, token)
      .then(
        (analysis) => {
          this.findings.set(uri, analysis);
          this.log.info(`${captureName(uri)}: ${analysis.packets} packets, ${analysis.findings.length} findings`);
        },
        (e: unknown) => {
          // Only the caller that can cancel hears of it; the others just get no findings.
          if (e instanceof AnalysisCancelled && token) throw e;
          this.log.warn(`${captureName(uri)}: ${e instanceof Error ? e.message : String(e)}`);
        },
      )
      .finally(() => this.running.delete(key));
    this.running.set(key, job);
    return job;
  }

  /** The command: every capture in the workspace, with progress; cancel stops the worker mid-file. */
  async analyzeWorkspace(interactive: boolean): Promise<{ captures: number; findings: number; cancelled: boolean }> {
    const files = await vscode.workspace.findFiles(CAPTURE_GLOB, EXCLUDE);
    let done = 0,
      cancelled = false;
    await vscode.window.withProgress(
      {
        location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: 'PCAP Inspector: analysing captures',
        cancellable: true,
      },
      async (progress, token) => {
        for (const uri of files) {
          if (token.isCancellationRequested) break;
          progress.report({ message: `${captureName(uri)} (${done + 1} of ${files.length})`, increment: 100 / Math.max(1, files.length) });
          try {
            await this.analyze(uri, token);
            done++;
          } catch (e) {
            if (!(e instanceof AnalysisCancelled)) throw e;
          }
        }
        cancelled = token.isCancellationRequested;
      },
    );
    const findings = files.reduce((n, f) => n + (this.findings.get(f)?.analysis.findings.length ?? 0), 0);
    if (interactive)
      void vscode.window.showInformationMessage(
        cancelled
          ? `Analysis cancelled after ${done} of ${files.length} captures.`
          : `Analysed ${done} capture${done === 1 ? '' : 's'}: ${findings} finding${findings === 1 ? '' : 's'} in the Problems panel.`,
      );
    return { captures: done, findings, cancelled };
  }

  /**
   * Captures open in the capture editor get analysed (their findings go to the Problems panel). A
   * new tab's editor is about to read the capture: wait for it and ask it, rather than reading the
   * file a second time. Background tabs VS Code does not open until shown are read by the worker
   * once the wait is over.
   */
  private analyzeOpenCaptures(): void {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (!(tab.input instanceof vscode.TabInputCustom) || tab.input.viewType !== CAPTURE_VIEW_TYPE) continue;
      const uri = tab.input.uri;
      if (this.findings.has(uri) || this.running.has(uri.toString())) continue;
      void this.editors.whenOpen(uri, EDITOR_OPEN_WAIT_MS).then(() => {
        if (!this.findings.has(uri)) void this.analyze(uri);
      });
    }
  }

  private dropped(uri: vscode.Uri): void {
    this.client.forget(uri);
    this.findings.delete(uri);
    this.text.refresh(uri);
  }

  /** A changed capture's findings go at once; it is analysed again when the writes settle. */
  private changed(uri: vscode.Uri): void {
    const key = uri.toString();
    const known = this.findings.has(uri) || this.running.has(key);
    this.client.forget(uri);
    this.findings.delete(uri);
    clearTimeout(this.timers.get(key));
    if (!known && !automatic()) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(uri).then(() => this.text.refresh(uri));
      }, CHANGE_DEBOUNCE_MS),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
