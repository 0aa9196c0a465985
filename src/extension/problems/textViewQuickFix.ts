import * as vscode from 'vscode';
import type { CaptureFindings } from './captureFindings';
import { DIAGNOSTIC_SOURCE } from './findingDiagnostics';
import { captureOfTextUri, PACKET_TEXT_SCHEME } from './packetTextView';

export const QUICK_FIX = 'pcapInspector.problems.quickFix';

/** Our diagnostics on a line of a text view. */
function problemsOnLine(uri: vscode.Uri, line: number): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.start.line <= line && d.range.end.line >= line);
}

type ActionItem = vscode.QuickPickItem & { action?: vscode.CodeAction };

/**
 * Quick fixes in the text view. The text view is read-only, and VS Code turns its own quick-fix
 * machinery off in read-only editors: the lightbulb never shows and Ctrl+. (editor.action.quickFix,
 * precondition `editorReadonly` false) does nothing. This command takes its place — bound to
 * Ctrl+. / Cmd+. in the text view, in its context menu and as a CodeLens on each problem's line — and
 * lists what the registered CodeActionProvider returns for the problems on the line, through
 * vscode.executeCodeActionProvider like the editor would; the chosen action's edit is applied, then
 * its command run.
 */
async function quickFix(uri?: vscode.Uri | string, line?: number): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? editor?.document.uri);
  if (!target || target.scheme !== PACKET_TEXT_SCHEME) return false;
  const at = line ?? (editor && editor.document.uri.toString() === target.toString() ? editor.selection.active.line : undefined);
  const problems = at === undefined ? [] : problemsOnLine(target, at);
  if (!problems.length) {
    void vscode.window.showInformationMessage("No PCAP Inspector problem on this line: put the cursor on a problem's line (Problems panel, F8).");
    return false;
  }
  const range = problems.map((d) => d.range).reduce((a, b) => a.union(b));
  const actions = (
    await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      target,
      range,
      vscode.CodeActionKind.QuickFix.value,
    )
  ).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  const items: ActionItem[] = [];
  for (const d of problems) {
    const mine = actions.filter((a) => !a.diagnostics || a.diagnostics.some((x) => x.range.isEqual(d.range) && x.message === d.message));
    if (!mine.length) continue;
    if (problems.length > 1) items.push({ label: d.message, kind: vscode.QuickPickItemKind.Separator });
    mine.sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
    for (const a of mine) items.push({ label: a.title, detail: a.command?.tooltip, action: a });
  }
  if (!items.length) return false;
  const pick = await vscode.window.showQuickPick(items, { title: 'Quick Fix', placeHolder: problems[0].message, matchOnDetail: true });
  const action = pick?.action;
  if (!action) return false;
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return true;
}

/** "$(lightbulb) Quick Fix…" above each problem's line: the lightbulb VS Code does not show in a read-only view. */
class QuickFixLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly findings: CaptureFindings) {
    this.sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.scheme === PACKET_TEXT_SCHEME)) this.changed.fire();
    });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const capture = captureOfTextUri(doc.uri);
    if (!capture || !this.findings.has(capture)) return [];
    const lines = new Set(
      vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.source === DIAGNOSTIC_SOURCE)
        .map((d) => d.range.start.line),
    );
    return [...lines]
      .filter((l) => l < doc.lineCount)
      .map(
        (l) =>
          new vscode.CodeLens(new vscode.Range(l, 0, l, 0), {
            title: '$(lightbulb) Quick Fix…',
            command: QUICK_FIX,
            arguments: [doc.uri.toString(), l],
            tooltip: 'Fixes for the problem on this line (Ctrl+.)',
          }),
      );
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export function registerTextViewQuickFix(findings: CaptureFindings): vscode.Disposable {
  const lenses = new QuickFixLenses(findings);
  return vscode.Disposable.from(
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: PACKET_TEXT_SCHEME }, lenses),
    vscode.commands.registerCommand(QUICK_FIX, quickFix),
  );
}
