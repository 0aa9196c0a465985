/**
 * The shape each reply must have before the channel hands it over (src/channel.ts): the replies
 * come from another thread or another process, and a reply that is not what its request promised
 * must fail where it arrives, not three calls later as an undefined field. The checks go as deep
 * as the receiver reads: every row of a rows reply, every flow of a flows reply.
 */
import type { ReplyChecks } from './channel';
import type {
  AnalysisCalls,
  CompareCalls,
  CompareRowView,
  ToolCalls,
  CaptureOverview,
  ConversationRow,
  DetailItem,
  EndpointRow,
  PhsRow,
  FlowSort,
  FollowLineView,
  HttpHeader,
  HttpMessageView,
  HttpObject,
  PacketRow,
  ViewCalls,
} from './protocol';

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

const isHeader = (h: unknown): h is HttpHeader => isObj(h) && isStr(h.name) && isStr(h.value);
const BODY_KINDS = ['json', 'image', 'text', 'binary'];
const isBodyKind = (k: unknown): k is string => isStr(k) && BODY_KINDS.includes(k);

const isHttpMessage = (m: unknown): m is HttpMessageView =>
  isObj(m) &&
  (m.kind === 'request' || m.kind === 'response') &&
  isStr(m.startLine) &&
  isArrayOf(m.headers, isHeader) &&
  isArrayOf(m.trailers, isHeader) &&
  isInt(m.firstPacket) &&
  isInt(m.lastPacket) &&
  isStr(m.framing) &&
  isInt(m.bodySize) &&
  isStr(m.contentType) &&
  isArrayOf(m.contentEncoding, isStr) &&
  optional(m.bodyKind, isBodyKind) &&
  isBool(m.truncated) &&
  isBool(m.missing) &&
  optional(m.error, isStr);

const isHttpExchange = (x: unknown): boolean =>
  isObj(x) && optional(x.request, isHttpMessage) && isArrayOf(x.interim, isHttpMessage) && optional(x.response, isHttpMessage);

const isHttpObject = (o: unknown): o is HttpObject =>
  isObj(o) &&
  isInt(o.stream) &&
  isInt(o.exchange) &&
  (o.part === 'request' || o.part === 'response') &&
  isInt(o.packet) &&
  isStr(o.hostname) &&
  isStr(o.contentType) &&
  isInt(o.size) &&
  isStr(o.filename) &&
  isStr(o.uri) &&
  optional(o.error, isStr);

const FOLLOW_FORMATS = new Set(['ascii', 'utf8', 'hex', 'raw', 'carray', 'yaml']);
const isFollowKey = (m: Obj): boolean =>
  (m.kind === 'tcp' || m.kind === 'udp') &&
  isInt(m.stream) &&
  isStr(m.format) &&
  FOLLOW_FORMATS.has(m.format) &&
  (m.direction === 'both' || m.direction === 'client' || m.direction === 'server');

const isFollowLine = (l: unknown): l is FollowLineView =>
  isObj(l) && isStr(l.text) && isInt(l.direction) && l.direction >= -1 && l.direction <= 1 && isInt(l.packet) && optional(l.gap, isBool);

const isPair = (x: unknown): boolean => isArrayOf(x, isInt) && x.length === 2;

const isNum = (x: unknown): x is number => typeof x === 'number';
const isGraphSeries = (s: unknown): s is Obj =>
  isObj(s) &&
  isStr(s.name) &&
  isStr(s.kind) &&
  isStr(s.color) &&
  isArrayOf(s.x, isNum) &&
  isArrayOf(s.y, isNum) &&
  isArrayOf(s.packet, isInt) &&
  s.x.length === s.y.length &&
  s.packet.length === s.x.length &&
  optional(s.y2, (y): y is number[] => isArrayOf(y, isNum) && y.length === (s.x as number[]).length) &&
  isInt(s.total);
const isGraph = (g: unknown): g is Obj =>
  isObj(g) &&
  isStr(g.title) &&
  isStr(g.subtitle) &&
  isStr(g.xLabel) &&
  isStr(g.yLabel) &&
  isBool(g.yFromZero) &&
  isArrayOf(g.series, isGraphSeries) &&
  isObj(g.extent) &&
  isNum(g.extent.x0) &&
  isNum(g.extent.x1) &&
  isNum(g.extent.y0) &&
  isNum(g.extent.y1);
const isIoFilter = (f: unknown): f is Obj => isObj(f) && isStr(f.text) && optional(f.error, (e): e is Obj => isObj(e) && isStr(e.message) && isInt(e.position));
const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isCount = (x: unknown): x is number => isInt(x) && x >= 0;
const STATS_KINDS = new Set(['eth', 'ip', 'ipv6', 'tcp', 'udp']);
const isStatsKind = (k: unknown): boolean => isStr(k) && STATS_KINDS.has(k);
const isPort = (p: unknown): boolean => p === undefined || (isInt(p) && p >= 0 && p <= 65535);

const isPhsRow = (r: unknown): r is PhsRow =>
  isObj(r) &&
  isStr(r.protocol) &&
  isCount(r.depth) &&
  isStr(r.path) &&
  isCount(r.children) &&
  isCount(r.frames) &&
  isCount(r.bytes) &&
  isFiniteNum(r.framesPercent) &&
  isFiniteNum(r.bytesPercent) &&
  optional(r.filter, isStr);

const isEndpointRow = (r: unknown): r is EndpointRow =>
  isObj(r) && isStr(r.address) && isPort(r.port) && [r.packets, r.bytes, r.txPackets, r.txBytes, r.rxPackets, r.rxBytes].every(isCount) && isStr(r.filter);

const isConversationRow = (r: unknown): r is ConversationRow =>
  isObj(r) &&
  isStr(r.addressA) &&
  isStr(r.addressB) &&
  isPort(r.portA) &&
  isPort(r.portB) &&
  [r.packetsAToB, r.bytesAToB, r.packetsBToA, r.bytesBToA, r.packets, r.bytes].every(isCount) &&
  isFiniteNum(r.start) &&
  isFiniteNum(r.duration) &&
  isStr(r.filter);

const isOverview = (o: unknown): o is CaptureOverview =>
  isObj(o) &&
  isStr(o.fileName) &&
  isStr(o.format) &&
  isCount(o.size) &&
  Array.isArray(o.interfaces) &&
  o.interfaces.every((f) => isObj(f) && isStr(f.linkType) && isInt(f.snaplen) && optional(f.name, isStr)) &&
  [o.packets, o.bytes, o.notDecoded, o.malformed, o.truncated].every(isCount) &&
  optional(o.duration, isFiniteNum) &&
  optional(o.first, isStr) &&
  optional(o.last, isStr) &&
  optional(o.analysisFlags, (a): a is unknown[] => isArrayOf(a, (f): f is Obj => isObj(f) && isStr(f.flag) && isCount(f.packets))) &&
  optional(o.findings, (f): f is Obj => isObj(f) && isCount(f.error) && isCount(f.warning) && isCount(f.info)) &&
  optional(o.flows, isCount) &&
  optional(o.error, isStr);

const isWindow = (m: Obj): boolean => isSort(m.sort) && isCount(m.start) && isCount(m.total);

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
  httpMessages: is(
    'httpMessages',
    (m) => isInt(m.stream) && isCount(m.start) && isCount(m.total) && Array.isArray(m.exchanges) && m.exchanges.every(isHttpExchange),
  ),
  httpBody: is(
    'httpBody',
    (m) =>
      isInt(m.stream) &&
      isInt(m.exchange) &&
      (m.part === 'request' || m.part === 'response') &&
      isBool(m.decoded) &&
      isInt(m.start) &&
      isInt(m.total) &&
      isArrayOf(m.bytes, isByte) &&
      isBodyKind(m.kind) &&
      optional(m.error, isStr),
  ),
  httpObjects: is('httpObjects', (m) => isCount(m.start) && isCount(m.total) && isArrayOf(m.objects, isHttpObject)),
  mark: is('marks', (m) => isInt(m.count) && m.count >= 0),
  toggleMark: is('toggledMark', (m) => isInt(m.gen) && isInt(m.packet) && m.packet >= 0 && typeof m.marked === 'boolean' && isInt(m.count)),
  nextMark: is('nextMark', (m) => isInt(m.gen) && isInt(m.position)),
  comment: is('comment', (m) => isInt(m.packet) && isArrayOf(m.comments, isStr)),
  exportPackets: is('exported', (m) => isInt(m.packets) && m.bytes instanceof Uint8Array && optional(m.error, isStr)),
  follow: is(
    'follow',
    (m) => isFollowKey(m) && isInt(m.lines) && isArrayOf(m.peers, isStr) && isPair(m.packets) && isPair(m.bytes) && isInt(m.gaps) && optional(m.reason, isStr),
  ),
  followLines: is('followLines', (m) => isFollowKey(m) && isInt(m.start) && isArrayOf(m.lines, isFollowLine)),
  followFind: is('followFind', (m) => isFollowKey(m) && isStr(m.text) && isInt(m.line) && isInt(m.column)),
  ioGraph: is(
    'ioGraph',
    (m) => isNum(m.interval) && isStr(m.unit) && isArrayOf(m.filters, isIoFilter) && optional(m.graph, isGraph) && optional(m.error, isStr),
  ),
  tcpGraph: is(
    'tcpGraph',
    (m) =>
      isInt(m.stream) &&
      (m.direction === 'client' || m.direction === 'server') &&
      isStr(m.graph) &&
      optional(m.chart, isGraph) &&
      optional(m.evidenceTime, isNum) &&
      optional(m.reason, isStr) &&
      (m.chart !== undefined || m.reason !== undefined),
  ),
  overview: is('overview', (m) => isOverview(m.overview)),
  phs: is('phs', (m) => isWindow(m) && isArrayOf(m.rows, isPhsRow)),
  endpoints: is('endpoints', (m) => isStatsKind(m.kind) && isWindow(m) && isArrayOf(m.rows, isEndpointRow)),
  conversations: is('conversations', (m) => isStatsKind(m.kind) && isWindow(m) && isArrayOf(m.rows, isConversationRow)),
  statsCsv: is('statsCsv', (m) => (m.table === 'phs' || m.table === 'endpoints' || m.table === 'conversations') && isCount(m.rows) && isStr(m.text)),
};

export const ANALYSIS_REPLY_CHECKS: ReplyChecks<AnalysisCalls> = {
  analyze: is('analyzed', (m) => isObj(m.analysis) && isInt(m.analysis.packets) && Array.isArray(m.analysis.findings) && isObj(m.analysis.evidenceLines)),
  text: is('text', (m) => isStr(m.text) && optional(m.frames, (f): f is number[] => isArrayOf(f, isInt))),
  notes: is('notes', (m) => Array.isArray(m.notes) && Array.isArray(m.evidence)),
};

export const TOOL_REPLY_CHECKS: ReplyChecks<ToolCalls> = {
  toolPrepare: is('toolPrepared', (m) => isStr(m.file) && isStr(m.invocationMessage) && isStr(m.displayName)),
  toolRun: is('toolResult', (m) => isStr(m.text)),
};

const isCell = (c: unknown): boolean => c === undefined || (isObj(c) && isInt(c.frame) && isStr(c.time) && isStr(c.summary));
const isCompareRow = (r: unknown): r is CompareRowView =>
  isObj(r) && isCell(r.a) && isCell(r.b) && isStr(r.cls) && isStr(r.direction) && optional(r.delay, isStr) && Array.isArray(r.fields) && isStr(r.verdict);

export const COMPARE_REPLY_CHECKS: ReplyChecks<CompareCalls> = {
  compareOpen: is('compareOpened', (m) => isStr(m.session) && isObj(m.summary) && isInt(m.summary.rows) && Array.isArray(m.summary.findings)),
  compareRows: is('compareRows', (m) => isInt(m.connection) && isInt(m.start) && isArrayOf(m.rows, isCompareRow)),
  compareRowCount: is('compareRowCount', (m) => isInt(m.connection) && isInt(m.rows)),
  compareRowOf: is('compareRowOf', (m) => isInt(m.connection) && isInt(m.frame) && isInt(m.row)),
  compareLadder: is('compareLadder', (m) => isInt(m.connection) && optional(m.model, isObj)),
};
