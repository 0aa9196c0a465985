/**
 * The shape each reply must have before the channel hands it over (src/channel.ts): the replies
 * come from another thread or another process, and a reply that is not what its request promised
 * must fail where it arrives, not three calls later as an undefined field. The checks go as deep
 * as the receiver reads: every row of a rows reply, every flow of a flows reply.
 */
import type { ReplyChecks } from './channel';
import type { AnalysisCalls, DetailItem, FlowSort, PacketRow, ViewCalls } from './protocol';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null;
const isInt = (x: unknown): x is number => Number.isInteger(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const optional = <T>(x: unknown, check: (y: unknown) => y is T): boolean => x === undefined || check(x);
const isArrayOf = <T>(x: unknown, check: (y: unknown) => y is T): x is T[] => Array.isArray(x) && x.every(check);
const isByte = (x: unknown): x is number => isInt(x) && x >= 0 && x <= 255;

function is<T extends Obj>(type: string, fields: (m: Obj) => boolean): (m: unknown) => m is T {
  return (m: unknown): m is T => isObj(m) && m.type === type && fields(m);
}

const isRow = (r: unknown): r is PacketRow =>
  isObj(r) &&
  isInt(r.packet) &&
  isStr(r.rel) &&
  isStr(r.abs) &&
  isStr(r.delta) &&
  isStr(r.src) &&
  isStr(r.dst) &&
  isStr(r.protocol) &&
  isInt(r.length) &&
  isStr(r.info) &&
  isStr(r.color);

const isDetailItem = (d: unknown): d is DetailItem =>
  isObj(d) &&
  isStr(d.field) &&
  isStr(d.text) &&
  isInt(d.offset) &&
  isInt(d.length) &&
  optional(d.children, (c): c is DetailItem[] => isArrayOf(c, isDetailItem));

const isSort = (s: unknown): s is FlowSort => isObj(s) && isStr(s.key) && isBool(s.descending);

const isFlow = (f: unknown): boolean =>
  isObj(f) && isStr(f.transport) && isInt(f.stream) && isStr(f.client) && isStr(f.server) && isObj(f.packets) && isObj(f.bytes) && isInt(f.findings);

export const VIEW_REPLY_CHECKS: ReplyChecks<ViewCalls> = {
  rows: is('rows', (m) => isInt(m.gen) && isInt(m.start) && isArrayOf(m.rows, isRow)),
  setFilter: is(
    'filter',
    (m) =>
      isInt(m.gen) &&
      isStr(m.text) &&
      isInt(m.count) &&
      isInt(m.total) &&
      typeof m.ms === 'number' &&
      optional(m.error, (e): e is Obj => isObj(e) && isStr(e.message) && isInt(e.position)),
  ),
  detail: is(
    'detail',
    (m) =>
      isInt(m.packet) &&
      isArrayOf(m.tree, isDetailItem) &&
      isArrayOf(m.bytes, isByte) &&
      optional(m.reassembled, (r): r is Obj => isObj(r) && isStr(r.title) && isArrayOf(r.bytes, isByte)),
  ),
  goto: is('goto', (m) => isInt(m.gen) && isInt(m.frame) && isInt(m.position) && isBool(m.exact)),
  positionOf: is('positionOf', (m) => isInt(m.gen) && isInt(m.packet) && isInt(m.position)),
  ladder: is('ladder', (m) => isInt(m.stream) && (isObj(m.model) || isStr(m.reason))),
  flows: is('flows', (m) => isSort(m.sort) && isInt(m.start) && isInt(m.total) && Array.isArray(m.flows) && m.flows.every(isFlow)),
  flowPosition: is('flowPosition', (m) => isSort(m.sort) && isStr(m.transport) && isInt(m.stream) && isInt(m.position)),
  mark: is('marks', (m) => isInt(m.count) && m.count >= 0),
  nextMark: is('nextMark', (m) => isInt(m.gen) && isInt(m.position)),
  comment: is('comment', (m) => isInt(m.packet) && isArrayOf(m.comments, isStr)),
  exportPackets: is('exported', (m) => isInt(m.packets) && m.bytes instanceof Uint8Array && optional(m.error, isStr)),
};

export const ANALYSIS_REPLY_CHECKS: ReplyChecks<AnalysisCalls> = {
  analyze: is('analyzed', (m) => isObj(m.analysis) && isInt(m.analysis.packets) && Array.isArray(m.analysis.findings) && isObj(m.analysis.evidenceLines)),
  text: is('text', (m) => isStr(m.text) && optional(m.frames, (f): f is number[] => isArrayOf(f, isInt))),
  notes: is('notes', (m) => Array.isArray(m.notes) && Array.isArray(m.evidence)),
};
