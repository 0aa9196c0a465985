import * as vscode from 'vscode';
import { configImplications } from '../../core/config/configImplications';
import type { ConfigImplication } from '../../core/config/configImplications';
import type { TextRange } from '../../core/config/sysctlSetting';
import { normalizeSysctlKey, sysctlKnowledge } from '../../core/knowledge/sysctlKeys';
import { findingBearsOn, sysctlHoverMarkdown } from '../../core/knowledge/sysctlHover';
import type { CaptureFindings } from './captureFindings';
import { DIAGNOSTIC_SOURCE, evidenceMessage, frameLocation, ruleDocUri } from './findingDiagnostics';
import { REVEAL_PACKET, revealPacketLink } from './packetNavigation';
import type { SysctlConfigIndex } from './sysctlConfigIndex';
import { clip, noAmpersand, shortKey } from './actionTitles';
import { costText, SYSCTL_CHANGED, sysctlFileList, workspaceEditOf } from './sysctlFix';
import type { SysctlFix } from './sysctlFix';
import { editExistingSettings } from '../../core/config/sysctlEdits';

export const CONFIG_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/sysctl.conf' },
  { pattern: '**/sysctl.d/*.conf' },
  { language: 'yaml' },
  { pattern: '**/*.{yml,yaml}' },
];

function range(r: TextRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startChar, r.endLine, r.endChar);
}

function settingRange(i: ConfigImplication): vscode.Range {
  return range(i.setting.keyRange).union(range(i.setting.valueRange));
}

/** What the analysed captures imply for each config line, plus the files that cannot be read. */
function reviewDiagnostics(
  findings: CaptureFindings,
  index: SysctlConfigIndex,
  extensionUri: vscode.Uri,
): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
  const out = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  const at = (uri: vscode.Uri) => {
    let e = out.get(uri.toString());
    if (!e) out.set(uri.toString(), (e = { uri, diagnostics: [] }));
    return e.diagnostics;
  };
  const settings = index.settings();
  const files = sysctlFileList(index);
  for (const capture of findings.all()) {
    for (const imp of configImplications(capture.analysis.findings, settings, capture.name, files)) {
      const d = new vscode.Diagnostic(
        settingRange(imp),
        imp.message,
        imp.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: imp.finding.rule, target: ruleDocUri(extensionUri, imp.finding.rule) };
      d.relatedInformation = imp.finding.packets
        .filter((p) => capture.analysis.evidenceLines[p] !== undefined)
        .map((p) => new vscode.DiagnosticRelatedInformation(frameLocation(capture, p), `${capture.name}: ${evidenceMessage(capture, p)}`));
      at(vscode.Uri.parse(imp.setting.file)).push(d);
    }
  }
  for (const { uri, scan } of index.files()) {
    for (const p of scan.problems) {
      const d = new vscode.Diagnostic(range(p.range), p.message, vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      at(uri).push(d);
    }
  }
  return out;
}

class ConfigHover implements vscode.HoverProvider {
  constructor(
    private readonly findings: CaptureFindings,
    private readonly index: SysctlConfigIndex,
  ) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const setting = this.index.scanOf(doc)?.settings.find((s) => range(s.keyRange).contains(pos) || range(s.valueRange).contains(pos));
    let key = setting?.key;
    let where = setting && range(setting.keyRange).union(range(setting.valueRange));
    if (!key) {
      // A key the parsers do not see as an assignment (a comment, a template): still explain it.
      const word = doc.getWordRangeAtPosition(pos, /[a-z0-9_]+(?:[./][a-z0-9_]+)+/);
      if (!word) return undefined;
      key = normalizeSysctlKey(doc.getText(word));
      where = word;
    }
    const k = sysctlKnowledge(key);
    if (!k) return undefined;
    const bearings = this.findings
      .findings()
      .filter(({ finding }) => findingBearsOn(k.key, k, finding))
      .map(({ capture, finding }) => ({
        captureName: capture.name,
        finding,
        link: finding.packets.length ? revealPacketLink(capture.uri, finding.packets[0]) : undefined,
      }));
    const md = new vscode.MarkdownString(sysctlHoverMarkdown(k, setting?.value, bearings));
    md.isTrusted = { enabledCommands: [REVEAL_PACKET] };
    return new vscode.Hover(md, where);
  }
}

class ConfigActions implements vscode.CodeActionProvider {
  constructor(
    private readonly findings: CaptureFindings,
    private readonly index: SysctlConfigIndex,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    this.index.scanOf(doc);
    // Whether a line here takes effect depends on the other sysctl files: imply over all of them.
    const settings = this.index.settings();
    const files = sysctlFileList(this.index);
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.filter((x) => x.source === DIAGNOSTIC_SOURCE)) {
      for (const capture of this.findings.all()) {
        for (const imp of configImplications(capture.analysis.findings, settings, capture.name, files)) {
          if (imp.setting.file !== doc.uri.toString() || !settingRange(imp).isEqual(d.range) || imp.suggestedValue === undefined || imp.message !== d.message)
            continue;
          const fix = imp.finding.fixes.find((f) => f.action.kind === 'sysctl' && f.action.key === imp.setting.key);
          const cost = fix ? costText(fix as SysctlFix, imp.dependents) : '';
          const breaks = imp.dependents.length ? ` (breaks ${imp.dependents.map((x) => shortKey(x.setting.key)).join(', ')})` : '';
          const a = new vscode.CodeAction(clip(`Set ${imp.setting.key} = ${imp.suggestedValue} here${breaks}`), vscode.CodeActionKind.QuickFix);
          a.edit = workspaceEditOf(editExistingSettings([imp.setting], imp.setting.key, imp.suggestedValue));
          a.command = {
            title: a.title,
            command: SYSCTL_CHANGED,
            arguments: [imp.setting.key, imp.suggestedValue, imp.setting.file, imp.setting.valueRange.startLine, cost],
            tooltip: cost,
          };
          a.diagnostics = [d];
          a.isPreferred = true;
          out.push(a);
          const first = imp.finding.packets[0];
          if (first !== undefined) {
            const show = new vscode.CodeAction(noAmpersand(clip(`Show the evidence in ${capture.name} (packet ${first})`)), vscode.CodeActionKind.QuickFix);
            show.command = { title: show.title, command: REVEAL_PACKET, arguments: [capture.uri.toString(), first] };
            show.diagnostics = [d];
            out.push(show);
          }
        }
      }
    }
    return out;
  }
}

/** Config-repo review: diagnostics on the lines captures implicate, hovers on known keys, their quick fixes. */
export function registerConfigReview(findings: CaptureFindings, index: SysctlConfigIndex, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('pcapInspector.config');
  const publish = () => {
    collection.clear();
    for (const { uri, diagnostics } of reviewDiagnostics(findings, index, extensionUri).values()) collection.set(uri, diagnostics);
  };
  // The workspace scan is only needed once there is something to compare against.
  const onFindings = () => {
    if (findings.all().length) void index.ready().then(publish);
    else publish();
  };
  return vscode.Disposable.from(
    collection,
    findings.onDidChange(onFindings),
    index.onDidChange(publish),
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, new ConfigHover(findings, index)),
    vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, new ConfigActions(findings, index), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}
