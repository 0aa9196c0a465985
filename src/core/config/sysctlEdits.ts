import type { SysctlSetting, TextRange } from './sysctlSetting';

/** One text change, applied by the extension as part of an undoable WorkspaceEdit. */
export interface TextEdit { file: string; range: TextRange; newText: string }

/** Changes every existing assignment of `key` to `value` (all kinds of files). */
export function editExistingSettings(settings: SysctlSetting[], key: string, value: string): TextEdit[] {
  return settings.filter((s) => s.key === key && s.value !== value).map((s) => {
    const sameScalar = s.keyRange.startLine === s.valueRange.startLine && s.keyRange.startChar === s.valueRange.startChar;
    // Compose's list form keeps "key=value" in one scalar: rewrite the scalar.
    return sameScalar ? { file: s.file, range: s.valueRange, newText: `${key}=${value}` } : { file: s.file, range: s.valueRange, newText: value };
  });
}

/** Appends `key = value` to a sysctl.conf-format file whose current text is given. */
export function appendSysctlLine(file: string, text: string, key: string, value: string, comment?: string): TextEdit {
  const lines = text.split('\n');
  const lastLine = lines.length - 1;
  const end = { startLine: lastLine, startChar: lines[lastLine].length, endLine: lastLine, endChar: lines[lastLine].length };
  const lead = text.length && !text.endsWith('\n') ? '\n' : '';
  const note = comment ? `# ${comment}\n` : '';
  return { file, range: end, newText: `${lead}${note}${key} = ${value}\n` };
}

/** Content for a new sysctl.d file holding one setting. */
export function newSysctlFile(key: string, value: string, comment: string): string {
  return `# ${comment}\n${key} = ${value}\n`;
}

/** Applies edits to a text (tests, and the CLI if it ever writes files); edits must not overlap. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, char: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + char;
  const sorted = [...edits].sort((a, b) => offset(b.range.startLine, b.range.startChar) - offset(a.range.startLine, a.range.startChar));
  let out = text;
  for (const e of sorted) {
    const from = offset(e.range.startLine, e.range.startChar);
    const to = offset(e.range.endLine, e.range.endChar);
    out = out.slice(0, from) + e.newText + out.slice(to);
  }
  return out;
}
