import type { Fix } from '../../core/diagnosis/finding';

/**
 * Titles of the quick fixes (no vscode import: unit-tested). They are shown in two places that read
 * them differently: the lightbulb / Ctrl+. list prints them as they are, while menus (the Problems
 * panel's Quick Fix menu) take `&` as a mnemonic marker and `&&` as an escaped `&` — VS Code's menu
 * renders "a && b" as "a & b", and "a&b" as "ab" with an underline. No spelling of an ampersand shows
 * right in both, so a title never holds one: a command or filter that has one is named by its fix's
 * title instead and shown in full elsewhere (the copy confirmation, the filter bar). Titles stay
 * within TITLE_MAX columns so that the menu fits the window; the detail (the cost of a sysctl change)
 * is in the follow-up message.
 */
export const TITLE_MAX = 76;

/** Cut at a word boundary with "…" when longer than the maximum. */
export function clip(text: string, max = TITLE_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** Whether a piece of text can go into a title verbatim. */
function fitsVerbatim(text: string, max: number): boolean {
  return !text.includes('&') && text.length <= max;
}

/** The first candidate that fits, else the last one clipped. */
function firstFitting(candidates: string[]): string {
  return noAmpersand(candidates.find((c) => c.length <= TITLE_MAX) ?? clip(candidates[candidates.length - 1]));
}

/**
 * "Client: set net.ipv4.tcp_timestamps = 0 in 99-network.conf:3", and what it breaks in the
 * workspace ("(breaks tcp_tw_reuse)"): the one part of the cost that must be seen before choosing.
 */
export function sysctlChangeTitle(where: string, key: string, value: string, file: string, line: number, breaks: string[]): string {
  const head = (k: string) => `${capitalize(where)}: set ${k} = ${value} in ${file}:${line}`;
  if (!breaks.length) return firstFitting([head(key), head(shortKey(key))]);
  // Short key names then, for every title of the list alike.
  const tail = ` (breaks ${breaks.map(shortKey).join(', ')})`;
  const count = ` (breaks ${breaks.length} setting${breaks.length === 1 ? '' : 's'})`;
  return firstFitting([head(shortKey(key)) + tail, head(shortKey(key)) + count]);
}

/** "Client: add net.ipv4.tcp_timestamps = 0 to a sysctl file…". */
export function sysctlAddTitle(where: string, key: string, value: string): string {
  return noAmpersand(clip(`${capitalize(where)}: add ${key} = ${value} to a sysctl file…`));
}

/** "Copy: sudo sysctl -w …" when the command is short and plain, else "Copy command: <fix title>". */
export function copyCommandTitle(fix: Fix & { action: { kind: 'command' } }): string {
  const prefix = 'Copy: ';
  if (fitsVerbatim(fix.action.command, TITLE_MAX - prefix.length)) return `${prefix}${fix.action.command}`;
  return noAmpersand(clip(`Copy command: ${fix.title}`));
}

/** "Filter to stream 0 (tcp.stream == 0)"; a filter with `&&` is named by its fix. */
export function filterTitle(title: string, filter: string): string {
  const withFilter = `${title} (${filter})`;
  return fitsVerbatim(withFilter, TITLE_MAX) ? withFilter : noAmpersand(clip(title));
}

/** "Open RFC 7323 §3.2", or "Open: <fix title>" for other pages. */
export function openDocTitle(label: string, fixTitle?: string): string {
  return noAmpersand(clip(fixTitle && !label.startsWith('RFC ') ? `Open: ${fixTitle}` : `Open ${label}`));
}

/** The last resort for text from elsewhere (a rule's title): "and" for an ampersand. */
export function noAmpersand(text: string): string {
  return text.replace(/\s*&+\s*/g, ' and ');
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** "tcp_tw_reuse" for "net.ipv4.tcp_tw_reuse". */
export function shortKey(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
