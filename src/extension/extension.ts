import * as vscode from 'vscode';
import { openCaptureFile } from '../core/capture/openCapture';
import { captureInfo } from '../core/summary/captureInfo';
import { CaptureEditorProvider } from './captureEditorProvider';
import { registerCaptureCommands } from './captureCommands';
import type { CompareApi } from './compare/compareCommands';
import { registerCompareCommands } from './compare/compareCommands';
import { registerTlsKeyLogCommand } from './tlsKeyLogCommand';
import { registerExportHttpObjects } from './exportHttpObjects';
import { registerExportCommands } from './exportCommands';
import { registerLanguageModelTools } from './assistant/languageModelTools';
import type { ProblemsApi } from './problems/registerProblems';
import { registerProblems } from './problems/registerProblems';
import { reopenCapturesOpenedAsText } from './reopenCapturesAsCaptures';

/** What activate() returns: used by the integration tests to look inside the open editors. */
export interface PcapInspectorApi {
  editors: CaptureEditorProvider;
  problems: ProblemsApi;
  compare: CompareApi;
  /** What activation does for captures that opened as text before the editor was registered. */
  reopenCapturesOpenedAsText: () => Promise<void>;
}

export function activate(context: vscode.ExtensionContext): PcapInspectorApi {
  const log = vscode.window.createOutputChannel('PCAP Inspector', { log: true });
  context.subscriptions.push(log);
  const editors = CaptureEditorProvider.register(context, log);
  registerCaptureCommands(context, editors);
  registerTlsKeyLogCommand(context, editors);
  registerExportHttpObjects(context, editors);
  registerExportCommands(context, editors);
  registerLanguageModelTools(context);
  const problems = registerProblems(context, log, editors);
  const compare = registerCompareCommands(context, editors, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.showCaptureSummary', async (uri?: vscode.Uri) => {
      const target = uri ?? (await vscode.window.showOpenDialog({ filters: { Captures: ['pcap', 'pcapng', 'cap', 'gz'] } }))?.[0];
      if (!target) return;
      if (target.scheme !== 'file') {
        void vscode.window.showErrorMessage('PCAP Inspector can only summarise local files for now.');
        return;
      }
      const capture = await openCaptureFile(target.fsPath);
      try {
        const info = captureInfo(capture);
        const error = info.error ? ` Reading stopped early: ${info.error.message} at byte ${info.error.offset}.` : '';
        void vscode.window.showInformationMessage(`${info.packets} packets, ${info.encapsulation.join(', ')}, ${info.duration ?? '0'} s.${error}`);
      } finally {
        capture.close();
      }
    }),
  );
  const reopen = () => reopenCapturesOpenedAsText(log);
  void reopen().catch((e: unknown) => log.warn(`reopening captures opened as text: ${String(e)}`));
  log.info('PCAP Inspector activated');
  console.log('[pcap-inspector] activated');
  return { editors, problems, compare, reopenCapturesOpenedAsText: reopen };
}

export function deactivate(): void {}
