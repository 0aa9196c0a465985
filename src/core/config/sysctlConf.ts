import { normalizeSysctlKey } from '../knowledge/sysctlKeys';
import type { ConfigScan, SysctlSetting } from './sysctlSetting';

/**
 * sysctl.conf(5) syntax: `key = value` per line, `#` or `;` comments, a
 * leading `-` to ignore failures. `lineOffset`/`indent` place text that is
 * embedded in another file (a cloud-init write_files block).
 */
export function parseSysctlConf(text: string, file: string, source: SysctlSetting['source'] = 'sysctl.conf', lineOffset = 0, indent = 0): ConfigScan {
  const settings: SysctlSetting[] = [];
  const problems: ConfigScan['problems'] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, n) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const eq = line.indexOf('=');
    const lineNo = n + lineOffset;
    const col = indent;
    if (eq < 0) {
      problems.push({
        file,
        message: `Not a sysctl assignment (expected "key = value"): ${trimmed}`,
        range: { startLine: lineNo, startChar: col, endLine: lineNo, endChar: col + line.length },
      });
      return;
    }
    const rawKey = line.slice(0, eq);
    const keyStart = rawKey.search(/\S/);
    let key = rawKey.trim();
    if (key.startsWith('-')) key = key.slice(1).trim();
    const rawValue = line.slice(eq + 1);
    const valueStart = eq + 1 + Math.max(0, rawValue.search(/\S/));
    const value = rawValue.trim();
    settings.push({
      key: normalizeSysctlKey(key),
      value,
      file,
      source,
      keyRange: { startLine: lineNo, startChar: col + keyStart, endLine: lineNo, endChar: col + keyStart + rawKey.trim().length },
      valueRange: { startLine: lineNo, startChar: col + valueStart, endLine: lineNo, endChar: col + valueStart + value.length },
    });
  });
  return { settings, problems };
}

/** Whether a path looks like a sysctl file (sysctl.conf or sysctl.d/*.conf). */
export function isSysctlConfPath(path: string): boolean {
  return /(^|\/)sysctl\.conf$/.test(path) || /(^|\/)sysctl\.d\/[^/]+\.conf$/.test(path);
}
