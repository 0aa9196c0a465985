/** Parsers for the unparsed values of a display filter, by the type of the field they meet. */

export function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
  if (/^true$/i.test(text)) return 1;
  if (/^false$/i.test(text)) return 0;
  return undefined;
}

/** "10.1.2.3" or "10.0.0.0/8" → network value and prefix length. */
export function parseIpv4Cidr(text: string): { value: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return undefined;
  return { value: ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0, prefix };
}

export function ipv4InCidr(value: number, net: { value: number; prefix: number }): boolean {
  if (net.prefix === 0) return true;
  const shift = 32 - net.prefix;
  return value >>> shift === net.value >>> shift;
}

/** RFC 4291 §2.2 text (with "::" and an optional embedded IPv4 tail) → eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.includes('.', lastColon)) {
    const v4 = parseIpv4Cidr(s.slice(lastColon + 1));
    if (!v4 || v4.prefix !== 32) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4.value >>> 16).toString(16)}:${(v4.value & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const back = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !back) return undefined;
  const explicit = head.length + back.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  return [...head, ...new Array(8 - explicit).fill(0), ...back];
}

export function parseIpv6Cidr(text: string): { groups: number[]; prefix: number } | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? 128 : /^\d{1,3}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : -1;
  if (prefix < 0 || prefix > 128) return undefined;
  const groups = parseIpv6(addr);
  return groups ? { groups, prefix } : undefined;
}

export function ipv6InCidr(groups: number[], net: { groups: number[]; prefix: number }): boolean {
  let bits = net.prefix;
  for (let g = 0; g < 8 && bits > 0; g++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[g] & mask) !== (net.groups[g] & mask)) return false;
  }
  return true;
}

/**
 * Bytes for `contains`: a quoted string is its UTF-8 bytes; an unquoted value is hex bytes
 * separated by ':', '-' or '.' ("47:45:54"), or a single byte ("0a").
 */
export function parseBytes(text: string, quoted: boolean): Uint8Array | undefined {
  if (quoted) return new TextEncoder().encode(text);
  if (!/^[0-9a-f]{2}([:.-][0-9a-f]{2})*$/i.test(text)) return undefined;
  return Uint8Array.from(text.split(/[:.-]/), (b) => parseInt(b, 16));
}
