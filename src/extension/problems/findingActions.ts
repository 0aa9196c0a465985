import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixComment } from '../../core/config/sysctlEdits';
import type { Finding, Fix } from '../../core/diagnosis/finding';
import { copyCommandTitle, filterTitle, openDocTitle, sysctlAddTitle, sysctlChangeTitle } from './actionTitles';
import type { AnalysedCapture, CaptureFindings } from './captureFindings';
import { findingOfDiagnostic } from './findingDiagnostics';
import { SHOW_STREAM } from './packetNavigation';
import { captureOfTextUri, PACKET_TEXT_SCHEME, packetTextUri, type PacketTextProvider } from './packetTextView';
import type { NavigationHold } from './revealOnNavigate';
import type { SysctlConfigIndex } from './sysctlConfigIndex';
import { ADD_SYSCTL_SETTING, costText, existingSettingEdits, fixDependents, relativeName, SYSCTL_CHANGED } from './sysctlFix';
import type { SysctlFix } from './sysctlFix';

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

/** File names for titles: the base name, or the workspace-relative path when two share a name. */
function fileLabels(files: string[]): (file: string) => string {
  const base = (f: string) => path.posix.basename(vscode.Uri.parse(f).path);
  const counts = new Map<string, number>();
  for (const f of new Set(files)) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
  return (f) => ((counts.get(base(f)) ?? 0) > 1 ? relativeName(f) : base(f));
}

/**
 * The sysctl quick fixes of one fix: change each assignment that takes effect, or add the setting to
 * a file. The title says where and what it breaks in the workspace; the cost follows in a message.
 */
export function sysctlActions(
  fix: Fix,
  index: SysctlConfigIndex,
  diagnostics: vscode.Diagnostic[],
  source: { captureName: string; finding: Finding },
): vscode.CodeAction[] {
  if (fix.action.kind !== 'sysctl') return [];
  const sysctlFix = fix as SysctlFix;
  const { key, value, where } = sysctlFix.action;
  const dependents = fixDependents(sysctlFix, index);
  const cost = costText(sysctlFix, dependents);
  const out: vscode.CodeAction[] = [];
  const existing = existingSettingEdits(index, key, value).slice(0, 8);
  const label = fileLabels(existing.map((e) => e.setting.file));
  for (const { setting, edit } of existing) {
    const line = setting.valueRange.startLine;
    const a = new vscode.CodeAction(
      sysctlChangeTitle(
        where,
        key,
        value,
        label(setting.file),
        setting.keyRange.startLine + 1,
        dependents.map((d) => d.setting.key),
      ),
      vscode.CodeActionKind.QuickFix,
    );
    a.edit = edit;
    a.command = { title: a.title, command: SYSCTL_CHANGED, arguments: [key, value, setting.file, line, cost], tooltip: cost };
    a.diagnostics = diagnostics;
    out.push(a);
  }
  const add = new vscode.CodeAction(sysctlAddTitle(where, key, value), vscode.CodeActionKind.QuickFix);
  const comment = fixComment(source.captureName, source.finding.rule, source.finding.title);
  add.command = { title: add.title, command: ADD_SYSCTL_SETTING, arguments: [key, value, comment, undefined, cost], tooltip: cost };
  add.diagnostics = diagnostics;
  out.push(add);
  if (existing.length === 1) out[0].isPreferred = true;
  return out;
}

/** Every action a finding's fixes and references offer; titles from actionTitles.ts (short, no ampersand). */
export function findingActions(capture: AnalysedCapture, f: Finding, index: SysctlConfigIndex, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
  const out: vscode.CodeAction[] = [];
  const uri = capture.uri.toString();
  const action = (title: string, command: string, args: unknown[], tooltip?: string) => {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.command = { title, command, arguments: args, tooltip };
    a.diagnostics = diagnostics;
    out.push(a);
  };
  for (const fix of f.fixes) if (fix.action.kind === 'sysctl') out.push(...sysctlActions(fix, index, diagnostics, { captureName: capture.name, finding: f }));
  for (const fix of f.fixes)
    if (fix.action.kind === 'command')
      action(copyCommandTitle(fix as Fix & { action: { kind: 'command' } }), COPY_TEXT, [fix.action.command], `${fix.title}: ${fix.action.command}`);
  const stream = f.streams[0];
  if (stream !== undefined)
    action(f.rule.startsWith('tcp.handshake') ? `Show handshake diagram (stream ${stream})` : `Show stream ${stream} diagram`, SHOW_STREAM, [uri, stream]);
  const urls = new Set<string>();
  for (const fix of f.fixes)
    if (fix.action.kind === 'doc' && !urls.has(fix.action.url)) {
      urls.add(fix.action.url);
      action(openDocTitle(referenceLabel(fix.action.url), fix.title), OPEN_LINK, [fix.action.url], fix.action.url);
    }
  for (const url of f.references)
    if (!urls.has(url)) {
      urls.add(url);
      action(openDocTitle(referenceLabel(url)), OPEN_LINK, [url], url);
    }
  const filters = f.fixes.filter((x): x is Fix & { action: { kind: 'filter'; filter: string } } => x.action.kind === 'filter');
  const streamFilter = stream === undefined ? undefined : `tcp.stream == ${stream}`;
  for (const fix of filters)
    action(
      filterTitle(fix.action.filter === streamFilter ? `Filter to stream ${stream}` : fix.title, fix.action.filter),
      APPLY_FILTER,
      [uri, fix.action.filter],
      fix.action.filter,
    );
  if (streamFilter && !filters.some((x) => x.action.filter === streamFilter))
    action(filterTitle(`Filter to stream ${stream}`, streamFilter), APPLY_FILTER, [uri, streamFilter], streamFilter);
  return out;
}

class FindingActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly findings: CaptureFindings,
    private readonly text: PacketTextProvider,
    private readonly index: SysctlConfigIndex,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const capture = captureOfTextUri(doc.uri);
    const analysed = capture && this.findings.get(capture);
    if (!capture || !analysed) return [];
    await this.index.ready();
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const f = findingOfDiagnostic(analysed, d, (line) => this.text.frameAt(doc.uri, line));
      if (f) out.push(...findingActions(analysed, f, this.index, [d]));
    }
    return out;
  }
}

/** The provider (VS Code asks it from the Problems panel; our Quick Fix command asks it in the read-only text view) and the fixes' commands. */
export function registerFindingActions(
  findings: CaptureFindings,
  text: PacketTextProvider,
  index: SysctlConfigIndex,
  navigation: NavigationHold,
): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: PACKET_TEXT_SCHEME }, new FindingActionProvider(findings, text, index), {
      providedCodeActionKinds: FindingActionProvider.kinds,
    }),
    vscode.commands.registerCommand(COPY_TEXT, async (value: string) => {
      navigation.hold();
      await vscode.env.clipboard.writeText(value);
      void vscode.window.showInformationMessage(`Copied: ${value}`);
    }),
    vscode.commands.registerCommand(OPEN_LINK, (url: string) => {
      navigation.hold();
      return vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand(APPLY_FILTER, async (capture: vscode.Uri | string, filter: string) => {
      navigation.hold();
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
