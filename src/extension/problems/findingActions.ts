import * as vscode from 'vscode';
import type { Finding, Fix } from '../../core/diagnosis/finding';
import type { CaptureFindings } from './captureFindings';
import { findingOfDiagnostic } from './findingDiagnostics';
import { SHOW_STREAM } from './packetNavigation';
import { captureOfTextUri, PACKET_TEXT_SCHEME, packetTextUri, type PacketTextProvider } from './packetTextView';
import type { SysctlConfigIndex } from './sysctlConfigIndex';
import { ADD_SYSCTL_SETTING, costText, existingSettingEdits, relativeName } from './sysctlFix';

export const COPY_TEXT = 'pcapInspector.problems.copyText';
export const OPEN_LINK = 'pcapInspector.problems.openLink';
export const APPLY_FILTER = 'pcapInspector.problems.applyFilter';
/** The capture editor's filter command, when it has one. */
const EDITOR_APPLY_FILTER = 'pcapInspector.applyFilter';

/** "RFC 7323 §3.2" for an rfc-editor link, else the host and path. */
export function referenceLabel(url: string): string {
  const rfc = /rfc-editor\.org\/rfc\/rfc(\d+)(?:#section-([\d.]+))?/.exec(url);
  if (rfc) return `RFC ${rfc[1]}${rfc[2] ? ` §${rfc[2]}` : ''}`;
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** The sysctl quick fixes of one fix: change each existing assignment, or add the setting to a file. */
export function sysctlActions(fix: Fix, index: SysctlConfigIndex, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
  if (fix.action.kind !== 'sysctl') return [];
  const { key, value } = fix.action;
  const cost = costText(fix as Fix & { action: { kind: 'sysctl' } });
  const out: vscode.CodeAction[] = [];
  const existing = existingSettingEdits(index.settings(), key, value);
  for (const { setting, edit } of existing.slice(0, 8)) {
    const a = new vscode.CodeAction(`${fix.title}: change line ${setting.keyRange.startLine + 1} of ${relativeName(vscode.Uri.parse(setting.file))} (${setting.value} → ${value}) — ${cost}`, vscode.CodeActionKind.QuickFix);
    a.edit = edit;
    a.diagnostics = diagnostics;
    out.push(a);
  }
  const add = new vscode.CodeAction(`${fix.title}: add it to a sysctl file… — ${cost}`, vscode.CodeActionKind.QuickFix);
  add.command = { title: add.title, command: ADD_SYSCTL_SETTING, arguments: [key, value, `Added by PCAP Inspector: ${fix.title}. ${fix.cost ?? ''}`.trim()] };
  add.diagnostics = diagnostics;
  out.push(add);
  if (existing.length === 1) out[0].isPreferred = true;
  return out;
}

/** Every action a finding's fixes and references offer. */
export function findingActions(capture: vscode.Uri, f: Finding, index: SysctlConfigIndex, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
  const out: vscode.CodeAction[] = [];
  const action = (title: string, command: string, args: unknown[], kind = vscode.CodeActionKind.QuickFix) => {
    const a = new vscode.CodeAction(title, kind);
    a.command = { title, command, arguments: args };
    a.diagnostics = diagnostics;
    out.push(a);
  };
  for (const fix of f.fixes) if (fix.action.kind === 'sysctl') out.push(...sysctlActions(fix, index, diagnostics));
  for (const fix of f.fixes) if (fix.action.kind === 'command') action(`Copy command (${fix.title}): ${fix.action.command}`, COPY_TEXT, [fix.action.command]);
  const stream = f.streams[0];
  if (stream !== undefined) action(f.rule.startsWith('tcp.handshake') ? `Show handshake diagram (stream ${stream})` : `Show stream ${stream} diagram`, SHOW_STREAM, [capture.toString(), stream]);
  const urls = new Set<string>();
  for (const fix of f.fixes) if (fix.action.kind === 'doc' && !urls.has(fix.action.url)) {
    urls.add(fix.action.url);
    action(`Open ${referenceLabel(fix.action.url)}${/rfc-editor/.test(fix.action.url) ? '' : `: ${fix.title}`}`, OPEN_LINK, [fix.action.url]);
  }
  for (const url of f.references) if (!urls.has(url)) {
    urls.add(url);
    action(`Open ${referenceLabel(url)}`, OPEN_LINK, [url]);
  }
  const filters = f.fixes.filter((x): x is Fix & { action: { kind: 'filter'; filter: string } } => x.action.kind === 'filter');
  for (const fix of filters) action(`${/^tcp\.stream == \d+$/.test(fix.action.filter) ? 'Filter to this stream' : fix.title}: ${fix.action.filter}`, APPLY_FILTER, [capture.toString(), fix.action.filter]);
  if (stream !== undefined && !filters.some((x) => x.action.filter === `tcp.stream == ${stream}`)) action(`Filter to this stream: tcp.stream == ${stream}`, APPLY_FILTER, [capture.toString(), `tcp.stream == ${stream}`]);
  return out;
}

class FindingActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly findings: CaptureFindings, private readonly text: PacketTextProvider, private readonly index: SysctlConfigIndex) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const capture = captureOfTextUri(doc.uri);
    const analysed = capture && this.findings.get(capture);
    if (!capture || !analysed) return [];
    await this.index.ready();
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const f = findingOfDiagnostic(analysed, d, (line) => this.text.frameAt(doc.uri, line));
      if (f) out.push(...findingActions(capture, f, this.index, [d]));
    }
    return out;
  }
}

export function registerFindingActions(findings: CaptureFindings, text: PacketTextProvider, index: SysctlConfigIndex): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: PACKET_TEXT_SCHEME }, new FindingActionProvider(findings, text, index), { providedCodeActionKinds: FindingActionProvider.kinds }),
    vscode.commands.registerCommand(COPY_TEXT, async (value: string) => {
      await vscode.env.clipboard.writeText(value);
      void vscode.window.showInformationMessage(`Copied: ${value}`);
    }),
    vscode.commands.registerCommand(OPEN_LINK, (url: string) => vscode.env.openExternal(vscode.Uri.parse(url))),
    vscode.commands.registerCommand(APPLY_FILTER, async (capture: vscode.Uri | string, filter: string) => {
      const uri = typeof capture === 'string' ? vscode.Uri.parse(capture) : capture;
      if ((await vscode.commands.getCommands(true)).includes(EDITOR_APPLY_FILTER)) {
        await vscode.commands.executeCommand(EDITOR_APPLY_FILTER, uri, filter);
        return;
      }
      // The capture editor has no filter command yet: show the matching packets as text.
      const doc = await vscode.workspace.openTextDocument(packetTextUri(uri, filter));
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
}
