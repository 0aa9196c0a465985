import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { AddressFamily } from '../index/addressTable';
import type { CompareOp, FilterNode, Literal } from './ast';
import { parseMac } from './ethernetFields';
import { FilterError } from './filterError';
import type { FieldSource, Occurrence, ResolvedField } from './filterFields';
import { FILTER_FIELD_NAMES, resolveField } from './filterFields';
import { ipv4InCidr, ipv6InCidr, parseBytes, parseIpv4Cidr, parseIpv6, parseIpv6Cidr, parseNumber } from './literals';
import { parseFilter } from './parser';
import { appFieldsOf, type AppFields } from './appFields';
import { tlsDecryptionOf } from '../tls/tlsDecryption';

/** A compiled display filter: true when packet i (0-based) is shown. */
export type PacketPredicate = (i: number) => boolean;

interface Compiled {
  test: PacketPredicate;
  slow: boolean;
}

/** Field access over a capture, re-decoding one packet at a time for the few fields not in columns. */
export function captureFieldSource(capture: Capture): FieldSource {
  let bytesFor = -1;
  let bytes: Uint8Array = new Uint8Array(0);
  let decodedFor = -1;
  const f = new PacketFields();
  const packetBytes = (i: number) => {
    if (i !== bytesFor) {
      bytes = capture.packetBytes(i);
      bytesFor = i;
    }
    return bytes;
  };
  let appFor = -1;
  let app: AppFields | undefined;
  const source: FieldSource = {
    index: capture.index,
    packetBytes,
    appFields(i) {
      if (i !== appFor || !app) {
        app = appFieldsOf(capture, i, source.decoded(i), packetBytes(i));
        appFor = i;
      }
      return app;
    },
    decryptsTls: () => tlsDecryptionOf(capture) !== undefined,
    decoded(i) {
      if (i !== decodedFor) {
        const b = packetBytes(i);
        f.reset();
        decodePacket(capture.index.linkTypeOf(i), new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length, capture.index.origLen[i], f);
        decodedFor = i;
      }
      return f;
    },
  };
  return source;
}

/**
 * Parses and compiles `text` against a fully read capture. An empty filter compiles to undefined
 * (show everything). Throws FilterError with the position of the problem.
 */
export function compileFilter(text: string, src: FieldSource): PacketPredicate | undefined {
  const ast = parseFilter(text);
  return ast ? compileNode(ast, src).test : undefined;
}

/** Packet indices (ascending) the predicate keeps. */
export function filterPackets(test: PacketPredicate, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) if (test(i)) out[n++] = i;
  return out.slice(0, n);
}

function compileNode(node: FilterNode, src: FieldSource): Compiled {
  switch (node.kind) {
    case 'and':
    case 'or': {
      let a = compileNode(node.left, src);
      let b = compileNode(node.right, src);
      // Both sides are pure: test the column-only side first so slow fields (which re-read the
      // packet from the file) are read only for packets the cheap side did not already decide.
      if (a.slow && !b.slow) [a, b] = [b, a];
      const ta = a.test,
        tb = b.test;
      return { test: node.kind === 'and' ? (i) => ta(i) && tb(i) : (i) => ta(i) || tb(i), slow: a.slow || b.slow };
    }
    case 'not': {
      const c = compileNode(node.operand, src);
      const t = c.test;
      return { test: (i) => !t(i), slow: c.slow };
    }
    case 'exists': {
      const f = lookup(node.field, node.pos, src);
      return { test: anyPresent(f.occurrences), slow: f.slow };
    }
    case 'compare': {
      const f = lookup(node.field, node.pos, src);
      if (f.list) return { test: listTest(f, f.list, node.op, [node.value], src), slow: true };
      if (node.op === 'contains') return { test: containsTest(f, node.value), slow: true };
      if (f.type === 'protocol' || f.type === 'bytes') {
        throw new FilterError(`'${f.name}' is a protocol or byte field: test it alone (e.g. '${f.name}') or with 'contains'`, node.pos);
      }
      const match = valueMatcher(f, node.op, node.value, src);
      return { test: occurrenceTest(f.occurrences, node.op, match), slow: f.slow };
    }
    case 'in': {
      const f = lookup(node.field, node.pos, src);
      if (f.type === 'protocol' || f.type === 'bytes') throw new FilterError(`'${f.name}' cannot be used with 'in'`, node.pos);
      if (f.list) return { test: listTest(f, f.list, '==', node.values, src), slow: true };
      const matchers = node.values.map((v) => valueMatcher(f, '==', v, src));
      const any = (v: number) => {
        for (const m of matchers) if (m(v)) return true;
        return false;
      };
      return { test: occurrenceTest(f.occurrences, '==', any), slow: f.slow };
    }
  }
}

/**
 * A field with a list of values per packet: `==` (and `in`, orderings, `contains`) hold when any
 * value matches, `!=` when the packet has values and none equals (Wireshark ≥ 3.6, as occurrences).
 * Strings compare exactly; `contains` is a substring test.
 */
function listTest(f: ResolvedField, list: (i: number) => ReadonlyArray<number | string>, op: CompareOp, lits: Literal[], src: FieldSource): PacketPredicate {
  const eqOp = op === '!=' ? '==' : op;
  const matchers = lits.map((lit): ((v: number | string) => boolean) => {
    if (f.type !== 'string') {
      if (op === 'contains') throw new FilterError(`'contains' needs a byte or text field, not the number '${f.name}'`, lit.pos);
      const m = valueMatcher(f, eqOp, lit, src);
      return (v) => typeof v === 'number' && m(v);
    }
    if (eqOp === 'contains') return (v) => typeof v === 'string' && v.includes(lit.text);
    if (eqOp !== '==') throw new FilterError(`'${f.name}' is text: compare it with ==, != or contains, not '${op}'`, lit.pos);
    return (v) => v === lit.text;
  });
  const any = (i: number) => {
    for (const v of list(i)) for (const m of matchers) if (m(v)) return true;
    return false;
  };
  return op === '!=' ? (i) => list(i).length > 0 && !any(i) : any;
}

function lookup(name: string, pos: number, src: FieldSource): ResolvedField {
  const f = resolveField(name, src);
  if (f) return f;
  const near = nearestField(name);
  throw new FilterError(`Unknown field '${name}'${near ? ` (did you mean '${near}'?)` : ''}`, pos);
}

function anyPresent(occ: Occurrence[]): PacketPredicate {
  if (occ.length === 1) return occ[0].present;
  return (i) => {
    for (const o of occ) if (o.present(i)) return true;
    return false;
  };
}

/**
 * Wireshark ≥ 3.6 semantics for multi-occurrence fields: `==` and the orderings hold when any
 * occurrence matches; `!=` means "none equal" (it is `!(a == b)` restricted to packets that have
 * the field).
 */
function occurrenceTest(occ: Occurrence[], op: CompareOp, match: (v: number) => boolean): PacketPredicate {
  if (op === '!=') {
    const present = anyPresent(occ);
    const eq = occurrenceTest(occ, '==', match);
    return (i) => present(i) && !eq(i);
  }
  if (occ.length === 1) {
    const o = occ[0];
    return (i) => o.present(i) && match(o.value(i));
  }
  return (i) => {
    for (const o of occ) if (o.present(i) && match(o.value(i))) return true;
    return false;
  };
}

/** A test of one occurrence's value against the literal; `!=` is handled by the caller as "not ==". */
function valueMatcher(f: ResolvedField, op: CompareOp, lit: Literal, src: FieldSource): (v: number) => boolean {
  const eqOp = op === '!=' ? '==' : op;
  if (f.type === 'ipv4' || f.type === 'ipv6') {
    if (eqOp !== '==') throw new FilterError(`Addresses support only == and != (and 'in'), not '${op}'`, lit.pos);
    const table = addressTable(f.type, lit, src);
    return (id) => table[id] === 1;
  }
  if (f.type === 'ether') {
    if (eqOp !== '==') throw new FilterError(`MAC addresses support only == and != (and 'in'), not '${op}'`, lit.pos);
    const mac = parseMac(lit.text);
    if (mac === undefined) throw new FilterError(`'${lit.text}' is not a MAC address like 00:1a:2b:3c:4d:5e`, lit.pos);
    return (x) => x === mac;
  }
  if (lit.kind === 'string') throw new FilterError(`'${f.name}' is a number: remove the quotes around "${lit.text}"`, lit.pos);
  const v = parseNumber(lit.text);
  if (v === undefined) throw new FilterError(`'${lit.text}' is not a valid number for ${f.name}`, lit.pos);
  if (f.type === 'bool' && v !== 0 && v !== 1) throw new FilterError(`'${f.name}' is a flag: compare it with 0 or 1 (true/false)`, lit.pos);
  switch (eqOp) {
    case '==':
      return (x) => x === v;
    case '>':
      return (x) => x > v;
    case '<':
      return (x) => x < v;
    case '>=':
      return (x) => x >= v;
    case '<=':
      return (x) => x <= v;
    default:
      throw new FilterError(`Operator '${op}' cannot be used here`, lit.pos);
  }
}

/** Marks every interned address the literal (address or CIDR block) covers: one lookup per packet. */
function addressTable(type: 'ipv4' | 'ipv6', lit: Literal, src: FieldSource): Uint8Array {
  const addrs = src.index.addresses;
  const table = new Uint8Array(addrs.size + 1);
  if (type === 'ipv4') {
    const net = parseIpv4Cidr(lit.text);
    if (!net) throw new FilterError(`'${lit.text}' is not a valid IPv4 address or a.b.c.d/n block`, lit.pos);
    for (let id = 1; id <= addrs.size; id++) {
      if (addrs.family(id) !== AddressFamily.IPv4) continue;
      const v = parseIpv4Cidr(addrs.text(id));
      if (v && ipv4InCidr(v.value, net)) table[id] = 1;
    }
  } else {
    const net = parseIpv6Cidr(lit.text);
    if (!net) throw new FilterError(`'${lit.text}' is not a valid IPv6 address or prefix`, lit.pos);
    for (let id = 1; id <= addrs.size; id++) {
      if (addrs.family(id) !== AddressFamily.IPv6) continue;
      const g = parseIpv6(addrs.text(id));
      if (g && ipv6InCidr(g, net)) table[id] = 1;
    }
  }
  return table;
}

function containsTest(f: ResolvedField, lit: Literal): PacketPredicate {
  const bytesOf = f.bytes;
  if (!bytesOf) throw new FilterError(`'contains' needs a byte field such as frame, tcp.payload, udp.payload or data, not '${f.name}'`, lit.pos);
  const needle = parseBytes(lit.text, lit.kind === 'string');
  if (!needle) throw new FilterError(`'${lit.text}' is neither a quoted string nor hex bytes like 47:45:54`, lit.pos);
  if (needle.length === 0) return (i) => bytesOf(i) !== undefined;
  const first = needle[0];
  return (i) => {
    const hay = bytesOf(i);
    if (!hay) return false;
    const last = hay.length - needle.length;
    for (let p = hay.indexOf(first); p >= 0 && p <= last; p = hay.indexOf(first, p + 1)) {
      let k = 1;
      while (k < needle.length && hay[p + k] === needle[k]) k++;
      if (k === needle.length) return true;
    }
    return false;
  };
}

/** The known field closest to a misspelt one (edit distance ≤ 3), for the error message. */
function nearestField(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const cand of FILTER_FIELD_NAMES) {
    const d = editDistance(name, cand, bestD);
    if (d < bestD) {
      bestD = d;
      best = cand;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
