import { Document, Scalar } from 'yaml';
import type { SysctlSetting, TextRange, YamlValueStyle } from './sysctlSetting';

/** One text change, applied by the extension as part of an undoable WorkspaceEdit. */
export interface TextEdit {
  file: string;
  range: TextRange;
  newText: string;
}

/**
 * The source text of a YAML scalar holding `value`, written in `style`: the yaml library's
 * stringifier quotes it as the original was, and quotes a plain scalar anyway when the text would
 * read back as something else than a string. YAML 1.1 rules, as Kubernetes (go-yaml) and Ansible
 * (PyYAML) read them: `yes`, `0644` or `1:20` are not strings there either.
 */
export function yamlScalarText(value: string, style: YamlValueStyle): string {
  const text = (style.prefix ?? '') + value;
  const node = new Scalar<string | number>(!style.string && /^-?\d+$/.test(text) ? Number(text) : text);
  node.type = style.quote;
  return new Document(node, { version: '1.1' }).toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** Changes every existing assignment of `key` to `value` (all kinds of files); a YAML value keeps its style. */
export function editExistingSettings(settings: SysctlSetting[], key: string, value: string): TextEdit[] {
  return settings
    .filter((s) => s.key === key && s.value !== value)
    .map((s) => ({
      file: s.file,
      range: s.valueRange,
      newText: s.yaml ? yamlScalarText(value, s.yaml) : value,
    }));
}

const COMMENT_WIDTH = 80;
const COMMENT_LINES = 4;

/**
 * `text` as `#` comment lines of at most 80 columns (a word longer than a line stands alone), at most
 * four of them, the last cut with "…". Any line break in the text becomes a space: a capture's file
 * name or a finding's text must not start a line of its own, where sysctl would read an assignment.
 */
export function commentLines(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '#';
  for (const w of words) {
    if (line.length > 1 && line.length + 1 + w.length > COMMENT_WIDTH) {
      lines.push(line);
      line = '#';
    }
    line += ` ${w}`;
  }
  if (line.length > 1) lines.push(line);
  if (lines.length > COMMENT_LINES) {
    lines.length = COMMENT_LINES;
    const last = lines[COMMENT_LINES - 1];
    lines[COMMENT_LINES - 1] = last.length + 2 > COMMENT_WIDTH ? `${last.slice(0, last.lastIndexOf(' '))} …` : `${last} …`;
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** What the comment above an added setting says: who added it, for which capture and finding. */
export function fixComment(captureName: string, rule: string, findingTitle: string): string {
  return `Added by PCAP Inspector for ${captureName}, ${rule}: ${findingTitle}`;
}

/** Appends `key = value` to a sysctl.conf-format file whose current text is given. */
export function appendSysctlLine(file: string, text: string, key: string, value: string, comment?: string): TextEdit {
  const lines = text.split('\n');
  const lastLine = lines.length - 1;
  const end = { startLine: lastLine, startChar: lines[lastLine].length, endLine: lastLine, endChar: lines[lastLine].length };
  const lead = text.length && !text.endsWith('\n') ? '\n' : '';
  return { file, range: end, newText: `${lead}${comment ? commentLines(comment) : ''}${key} = ${value}\n` };
}

/** Content for a new sysctl.d file holding one setting. */
export function newSysctlFile(key: string, value: string, comment: string): string {
  return `${commentLines(comment)}${key} = ${value}\n`;
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
