import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { normalizeSysctlKey } from '../knowledge/sysctlKeys';
import { parseSysctlConf } from './sysctlConf';
import type { ConfigScan, SysctlSetting, TextRange } from './sysctlSetting';

const ANSIBLE_MODULES = new Set(['sysctl', 'ansible.posix.sysctl', 'ansible.builtin.sysctl']);

function rangeOf(lc: LineCounter, node: Node | null | undefined): TextRange {
  const [start, end] = node?.range ?? [0, 0];
  const a = lc.linePos(start), b = lc.linePos(end);
  return { startLine: a.line - 1, startChar: a.col - 1, endLine: b.line - 1, endChar: b.col - 1 };
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
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
      const a = lc.linePos(start), b = lc.linePos(end);
      out.problems.push({ file, message: `YAML error: ${e.message.split('\n')[0]}`, range: { startLine: a.line - 1, startChar: a.col - 1, endLine: b.line - 1, endChar: b.col - 1 } });
    }
    if (doc.errors.length) continue;
    const add = (key: Node | undefined, value: Node | undefined, source: SysctlSetting['source']) => {
      const k = scalarText(key), v = scalarText(value);
      if (k === undefined || v === undefined || k.includes('{{')) return;
      out.settings.push({ key: normalizeSysctlKey(k), value: v, file, source, keyRange: rangeOf(lc, key), valueRange: rangeOf(lc, value) });
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
              // Compose list form "net.ipv4.tcp_timestamps=0": key and value share one scalar.
              const [k, ...rest] = item.value.split('=');
              const r = rangeOf(lc, item);
              out.settings.push({ key: normalizeSysctlKey(k), value: rest.join('=').trim(), file, source: 'compose', keyRange: r, valueRange: r });
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
            if (!path || !body || !/sysctl/.test(path)) continue;
            // A literal block keeps one source line per content line, indented alike.
            const r = rangeOf(lc, content);
            const block = isScalar(content) && (content.type === 'BLOCK_LITERAL' || content.type === 'BLOCK_FOLDED');
            const firstLine = block ? r.startLine + 1 : r.startLine;
            const indent = block ? (text.split(/\r?\n/)[firstLine]?.search(/\S/) ?? 0) : r.startChar;
            const inner = parseSysctlConf(body, file, 'cloud-init', firstLine, Math.max(0, indent));
            out.settings.push(...inner.settings);
          }
        }
      },
    });
  }
  return out;
}
