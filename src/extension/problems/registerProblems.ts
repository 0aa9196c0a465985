import * as vscode from 'vscode';
import type { CaptureEditorProvider } from '../captureEditorProvider';
import { AnalysisClient } from './analysisClient';
import { CaptureFindings } from './captureFindings';
import { registerConfigReview } from './configReview';
import { DiagnosticDocuments } from './diagnosticDocuments';
import { registerFindingActions } from './findingActions';
import { publishFindingDiagnostics } from './findingDiagnostics';
import { registerPacketHover } from './packetHover';
import { registerPacketNavigation } from './packetNavigation';
import { PACKET_TEXT_SCHEME, PacketTextProvider, packetTextUri } from './packetTextView';
import { RevealOnNavigate } from './revealOnNavigate';
import { SysctlConfigIndex } from './sysctlConfigIndex';
import { registerAddSysctlSetting } from './sysctlFix';
import { registerTextViewQuickFix } from './textViewQuickFix';
import { CaptureAnalyses } from './workspaceAnalysis';

export const SHOW_PACKET_TEXT = 'pcapInspector.showPacketText';

/** What the Problems side exposes to the integration tests (through activate()'s API). */
export interface ProblemsApi {
  client: AnalysisClient;
  findings: CaptureFindings;
  analyses: CaptureAnalyses;
  config: SysctlConfigIndex;
  text: PacketTextProvider;
  navigation: RevealOnNavigate;
}

/**
 * The Problems-panel side of the extension: findings of analysed captures as diagnostics on a text
 * view of the capture, navigation into the capture editor, quick fixes that edit the workspace's
 * sysctl configuration, config-repo review and hovers.
 */
export function registerProblems(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, editors: CaptureEditorProvider): ProblemsApi {
  const client = new AnalysisClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath, log, editors);
  const findings = new CaptureFindings();
  const text = new PacketTextProvider(client, findings);
  const config = new SysctlConfigIndex();
  const analyses = new CaptureAnalyses(client, findings, text, log, editors);
  const navigation = new RevealOnNavigate(findings, text);
  context.subscriptions.push(
    client,
    findings,
    text,
    config,
    analyses,
    navigation,
    vscode.workspace.registerTextDocumentContentProvider(PACKET_TEXT_SCHEME, text),
    publishFindingDiagnostics(findings, context.extensionUri),
    new DiagnosticDocuments(findings, text),
    registerPacketNavigation(findings, text, navigation),
    registerFindingActions(findings, text, config, navigation),
    registerTextViewQuickFix(findings),
    registerAddSysctlSetting(config, navigation),
    registerConfigReview(findings, config, context.extensionUri),
    registerPacketHover(client, text),
    vscode.commands.registerCommand(SHOW_PACKET_TEXT, async (uri?: vscode.Uri) => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      const capture = uri ?? (tab instanceof vscode.TabInputCustom ? tab.uri : undefined);
      if (!capture) return;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(packetTextUri(capture)), { preview: false });
    }),
  );
  return { client, findings, analyses, config, text, navigation };
}
