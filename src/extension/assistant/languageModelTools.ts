import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { ChannelError, RequestCancelled, RequestChannel } from '../../channel';
import type { ToAnalysisWorker, ToolCalls, ToolRequest } from '../../protocol';
import { TOOL_REPLY_CHECKS } from '../../replyChecks';

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
    let answer: ToolCalls['toolPrepare'];
    try {
      answer = await this.worker.request('toolPrepare', this.name, options.input);
    } catch {
      // A call that cannot run is reported by invoke(), to the model.
      return { invocationMessage: this.name };
    }
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
    try {
      const answer = await this.worker.request('toolRun', this.name, options.input, token);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
    } catch (e) {
      if (e instanceof RequestCancelled) throw new vscode.CancellationError();
      // Thrown, the sentence reaches the model as the tool's error.
      throw new Error(e instanceof Error ? e.message : String(e));
    }
  }
}

/**
 * Starts the worker on the first call and asks it over the one request/reply channel (src/channel.ts);
 * a cancelled call is given up at once and the worker told to stop it.
 */
class ToolWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private channel: RequestChannel<ToolRequest, ToolCalls> | undefined;

  constructor(private readonly script: string) {}

  request<K extends ToolRequest['type']>(kind: K, name: string, input: unknown, token?: vscode.CancellationToken): Promise<ToolCalls[K]> {
    const abort = new AbortController();
    if (token?.isCancellationRequested) abort.abort();
    const sub = token?.onCancellationRequested(() => abort.abort());
    const body = { name, input, roots: workspaceDirectories() } as Omit<Extract<ToolRequest, { type: K }>, 'type'>;
    return this.ensure()
      .request(kind, body, { signal: abort.signal })
      .finally(() => sub?.dispose());
  }

  private ensure(): RequestChannel<ToolRequest, ToolCalls> {
    if (this.channel) return this.channel;
    const w = new Worker(this.script);
    const post = (m: ToAnalysisWorker) => w.postMessage(m);
    const channel = new RequestChannel<ToolRequest, ToolCalls>(post, TOOL_REPLY_CHECKS, (id) => post({ type: 'cancel', id }));
    w.on('message', (m: unknown) => channel.receive(m));
    const fail = (message: string) => {
      if (this.worker === w) {
        this.worker = undefined;
        this.channel = undefined;
      }
      channel.cancelAll(new ChannelError(message));
    };
    w.on('error', (e) => fail(`The capture tool worker crashed: ${e.message}`));
    w.on('exit', (code) => fail(`The capture tool worker stopped (exit code ${code}).`));
    this.worker = w;
    this.channel = channel;
    return channel;
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.channel = undefined;
    void w?.terminate();
  }
}
