import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FromToolWorker, ToToolWorker } from './toolWorkerMessages';

type Request = { type: 'tool-prepare' | 'tool-run'; name: string; input: unknown };

/**
 * The capture tools (src/core/assistant, the same definitions `pcap-inspector mcp` serves) as VS Code
 * language-model tools for agents in chat, confined to the workspace folders. package.json's
 * contributes.languageModelTools declares them (a unit test keeps it equal to the code's); the calls
 * run in an instance of the analysis worker (assistant/toolRequests.ts), off the extension host's thread.
 */
export function registerLanguageModelTools(context: vscode.ExtensionContext): void {
  const worker = new ToolWorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath);
  context.subscriptions.push(worker);
  const names: string[] = (context.extension.packageJSON.contributes?.languageModelTools ?? []).map((t: { name: string }) => t.name);
  for (const name of names) context.subscriptions.push(vscode.lm.registerTool(name, new CaptureLanguageModelTool(name, worker)));
}

/** The workspace folders on disk, read per call: folders may come and go while the window is open. */
function workspaceDirectories(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

class CaptureLanguageModelTool implements vscode.LanguageModelTool<Record<string, unknown>> {
  constructor(
    private readonly name: string,
    private readonly worker: ToolWorkerClient,
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): Promise<vscode.PreparedToolInvocation> {
    const answer = await this.worker.request({ type: 'tool-prepare', name: this.name, input: options.input });
    // A call that cannot run is reported by invoke(), to the model.
    if (answer.type !== 'tool-prepared') return { invocationMessage: this.name };
    return {
      invocationMessage: answer.invocationMessage,
      confirmationMessages: {
        title: `${answer.displayName}: read ${path.basename(answer.file)}?`,
        message: new vscode.MarkdownString().appendText(
          `${answer.invocationMessage} (${vscode.workspace.asRelativePath(answer.file)}). The tool only reads the capture.`,
        ),
      },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const answer = await this.worker.request({ type: 'tool-run', name: this.name, input: options.input }, token);
    if (answer.type === 'tool-failed') {
      if (answer.cancelled) throw new vscode.CancellationError();
      // Thrown, the sentence reaches the model as the tool's error.
      throw new Error(answer.message);
    }
    if (answer.type !== 'tool-result') throw new Error('unexpected answer from the tool worker');
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
  }
}

/** Starts the worker on the first call and matches its answers to the calls by id. */
class ToolWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (m: FromToolWorker) => void>();

  constructor(private readonly script: string) {}

  request(req: Request, token?: vscode.CancellationToken): Promise<FromToolWorker> {
    if (token?.isCancellationRequested) return Promise.resolve({ type: 'tool-failed', id: 0, message: 'The call was cancelled.', cancelled: true });
    const id = this.nextId++;
    const w = this.ensure();
    return new Promise<FromToolWorker>((resolve) => {
      const sub = token?.onCancellationRequested(() => w.postMessage({ type: 'tool-cancel', id } satisfies ToToolWorker));
      this.pending.set(id, (m) => {
        sub?.dispose();
        resolve(m);
      });
      w.postMessage({ ...req, id, roots: workspaceDirectories() } satisfies ToToolWorker);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on('message', (m: FromToolWorker) => {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m);
    });
    const fail = (message: string) => {
      if (this.worker === w) this.worker = undefined;
      for (const [id, done] of this.pending) done({ type: 'tool-failed', id, message });
      this.pending.clear();
    };
    w.on('error', (e) => fail(`The capture tool worker crashed: ${e.message}`));
    w.on('exit', (code) => fail(`The capture tool worker stopped (exit code ${code}).`));
    this.worker = w;
    return w;
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
