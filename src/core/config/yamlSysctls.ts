import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { normalizeSysctlKey } from '../knowledge/sysctlKeys';
import { parseSysctlConf } from './sysctlConf';
import type { ConfigScan, SysctlSetting, TextRange, YamlValueStyle } from './sysctlSetting';

const ANSIBLE_MODULES = new Set(['sysctl', 'ansible.posix.sysctl', 'ansible.builtin.sysctl']);

function rangeOf(lc: LineCounter, node: Node | null | undefined): TextRange {
  const [start, end] = node?.range ?? [0, 0];
  const a = lc.linePos(start),
    b = lc.linePos(end);
  return { startLine: a.line - 1, startChar: a.col - 1, endLine: b.line - 1, endChar: b.col - 1 };
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

/**
 * How a value scalar is written. A block scalar (`value: |`) is rewritten as a double-quoted one: the
 * edit replaces it on its line. `string`: the value must stay a string whatever it looks like.
 */
function styleOf(node: Scalar, string: boolean, prefix?: string): YamlValueStyle {
  const quote = node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' ? node.type : 'QUOTE_DOUBLE';
  return prefix === undefined ? { quote, string } : { quote, string, prefix };
}

function get(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((p) => scalarText(p.key) === key);
  return pair?.value as Node | undefined;
}

/**
 * Sysctl settings in YAML, read with a real YAML parser (not line regexes):
 * Ansible `sysctl` / `ansible.posix.sysctl` tasks, Kubernetes
 * `securityContext.sysctls`, Docker Compose `sysctls` (map or list), and
 * cloud-init `write_files` of sysctl files. Malformed YAML gives a problem
 * with its position and the settings of the documents that did parse.
 */
export function parseYamlSysctls(text: string, file: string): ConfigScan {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const out: ConfigScan = { settings: [], problems: [] };
  const list = Array.isArray(docs) ? docs : [docs];
  const composeFile = /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file);
  for (const doc of list) {
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      const a = lc.linePos(start),
        b = lc.linePos(end);
      out.problems.push({
        file,
        message: `YAML error: ${e.message.split('\n')[0]}`,
        range: { startLine: a.line - 1, startChar: a.col - 1, endLine: b.line - 1, endChar: b.col - 1 },
      });
    }
    if (doc.errors.length) continue;
    // Kubernetes (`value` is a string in the API) and Ansible (its `value` option is a str) need a
    // string; Compose takes a number or a string, so the value keeps the type it has.
    const add = (key: Node | undefined, value: Node | undefined, source: SysctlSetting['source']) => {
      const k = scalarText(key),
        v = scalarText(value);
      if (k === undefined || v === undefined || k.includes('{{') || !isScalar(value)) return;
      const yaml = styleOf(value, source !== 'compose' || typeof value.value === 'string');
      out.settings.push({ key: normalizeSysctlKey(k), value: v, file, source, keyRange: rangeOf(lc, key), valueRange: rangeOf(lc, value), yaml });
    };
    visit(doc, {
      Pair(_, pair: Pair) {
        const name = scalarText(pair.key);
        if (!name) return;
        const value = pair.value;
        if (ANSIBLE_MODULES.has(name) && isMap(value)) {
          add(get(value, 'name'), get(value, 'value'), 'ansible');
        } else if (name === 'sysctls' && isSeq(value)) {
          for (const item of value.items) {
            if (isMap(item)) add(get(item, 'name'), get(item, 'value'), composeFile ? 'compose' : 'kubernetes');
            else if (isScalar(item) && typeof item.value === 'string' && item.value.includes('=')) {
              // Compose list form "net.ipv4.tcp_timestamps=0": key and value share one scalar; an
              // edit rewrites the scalar, keeping the key as written.
              const eq = item.value.indexOf('=');
              const rest = item.value.slice(eq + 1);
              const prefix = item.value.slice(0, eq + 1) + rest.slice(0, rest.length - rest.trimStart().length);
              const r = rangeOf(lc, item);
              out.settings.push({
                key: normalizeSysctlKey(item.value.slice(0, eq)),
                value: rest.trim(),
                file,
                source: 'compose',
                keyRange: r,
                valueRange: r,
                yaml: styleOf(item, true, prefix),
              });
            }
          }
        } else if (name === 'sysctls' && isMap(value)) {
          for (const p of value.items) if (isPair(p)) add(p.key as Node, p.value as Node, 'compose');
        } else if (name === 'write_files' && isSeq(value)) {
          for (const item of value.items) {
            if (!isMap(item)) continue;
            const path = scalarText(get(item, 'path'));
            const content = get(item, 'content');
            const body = scalarText(content);
            // Only a literal block keeps one source line per content line, indented alike, so that a
            // line of the file can be placed (and edited) in the YAML; a folded or quoted content
            // does not (folding even joins the lines into one).
            if (!path || !body || !/sysctl/.test(path) || !isScalar(content) || content.type !== 'BLOCK_LITERAL') continue;
            const firstLine = rangeOf(lc, content).startLine + 1;
            const indent = text.split(/\r?\n/)[firstLine]?.search(/\S/) ?? 0;
            const inner = parseSysctlConf(body, file, 'cloud-init', firstLine, Math.max(0, indent));
            out.settings.push(...inner.settings.map((s) => ({ ...s, target: path })));
          }
        }
      },
    });
  }
  return out;
}
