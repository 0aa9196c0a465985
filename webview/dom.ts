/**
 * The one way the webview makes elements. Text goes in through textContent only: packet-derived
 * strings (payloads, DNS names, HTTP lines, comments) are hostile and must never be parsed as HTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}
