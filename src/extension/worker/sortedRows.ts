import { parseIpv4Cidr, parseIpv6 } from '../../core/filter/literals';

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** A column's value for sorting: a number, or text that sorts as an address when it is one. */
export type SortValue<T> = (row: T) => number | string | undefined;

/**
 * IPv4 before IPv6 before MAC before anything else, each in numeric order (10.0.0.9 before
 * 10.0.0.10), as one string per value so ranking them is one sort of the distinct values.
 */
export function addressSortKey(text: string): string {
  const v4 = parseIpv4Cidr(text);
  if (v4 && !text.includes('/')) return `0${v4.value.toString(16).padStart(8, '0')}`;
  const v6 = text.includes(':') && !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(text) ? parseIpv6(text) : undefined;
  if (v6) return `1${v6.map((g) => g.toString(16).padStart(4, '0')).join('')}`;
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(text)) return `2${text.toLowerCase()}`;
  return `3${text.replace(/\d+/g, (d) => d.padStart(10, '0'))}`;
}

/**
 * Rows that stay in the worker and go out in windows of one order: the order is an index array
 * (4 bytes a row) kept for the last key asked, the others computed when asked. Text columns are
 * ranked once (no string comparison per pair); ties keep the rows' own order in both directions,
 * so a re-sort never shuffles equal rows. A column without a value (a port in an IP table) sorts last.
 */
export class SortedRows<T> {
  private last: { id: string; order: Int32Array } | undefined;

  constructor(
    readonly rows: readonly T[],
    private readonly columns: Readonly<Record<string, SortValue<T>>>,
  ) {}

  get count(): number {
    return this.rows.length;
  }

  /** Rows at positions [start, start + count) in the order of `key` ('first' or an unknown key: the rows' own order). */
  window(key: string, descending: boolean, start: number, count: number): T[] {
    const order = this.orderFor(key, descending);
    const from = Math.max(0, Math.floor(start));
    const end = Math.min(this.rows.length, from + Math.max(0, Math.floor(count)));
    const out: T[] = [];
    for (let p = from; p < end; p++) out.push(this.rows[order[p]]);
    return out;
  }

  orderFor(key: string, descending: boolean): Int32Array {
    const id = `${key}:${descending}`;
    if (this.last?.id === id) return this.last.order;
    const order = Int32Array.from({ length: this.rows.length }, (_, k) => k);
    const value = Object.hasOwn(this.columns, key) ? this.columns[key] : undefined;
    if (value) {
      const v = this.ranks(value);
      const dir = descending ? -1 : 1;
      const last = (k: number) => (Number.isNaN(v[k]) ? 1 : 0);
      order.sort((a, b) => last(a) - last(b) || dir * (v[a] - v[b]) || a - b);
    } else if (descending) order.reverse();
    this.last = { id, order };
    return order;
  }

  /**
   * Each row's value as a number that sorts like the column: numbers as they are; IPv4 addresses
   * as their 32-bit value (most tables are IPv4: no string work); other texts ranked after them.
   */
  private ranks(value: SortValue<T>): Float64Array {
    const raw = this.rows.map(value);
    const out = new Float64Array(raw.length);
    const texts = new Map<string, string>();
    raw.forEach((x, k) => {
      if (typeof x !== 'string') out[k] = x === undefined ? NaN : x;
      else {
        const v4 = IPV4.test(x) ? parseIpv4Cidr(x) : undefined;
        if (v4) out[k] = v4.value;
        else {
          out[k] = -1;
          if (!texts.has(x)) texts.set(x, addressSortKey(x));
        }
      }
    });
    if (texts.size) {
      const rank = new Map([...texts.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([text], r) => [text, r]));
      raw.forEach((x, k) => {
        if (typeof x === 'string' && out[k] === -1) out[k] = 2 ** 32 + rank.get(x)!;
      });
    }
    return out;
  }
}
