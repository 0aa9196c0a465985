import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import * as path from 'node:path';
import type { AnalysisResult } from '../../core/analysis';
import { analyzeCapture } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { ladderModel } from '../../core/diagram/ladderModel';
import { SEVERITY_RANK } from '../../core/diagnosis/finding';
import { dissectPacket } from '../../core/dissect/dissector';
import { captureFieldSource } from '../../core/filter/compileFilter';
import type { FieldSource } from '../../core/filter/filterFields';
import { tcpOptionTips } from '../../core/knowledge/tcpOptionTips';
import { PF_FRAGMENT } from '../../core/index/packetIndex';
import { captureInfo } from '../../core/summary/captureInfo';
import { reassembledDatagram } from '../../core/summary/reassembledDatagram';
import { decryptedPanes } from './decryptedPanes';
import { requestFailed } from '../../channel';
import type { CaptureHeader, Envelope, HostToWorker, KeyLogSpec, Severity, ViewReply, ViewRequest, WorkerToHost } from '../../protocol';
import { KeyLog } from '../../core/tls/keyLog';
import { useKeyLog } from '../../core/tls/tlsDecryption';
import { CaptureView, nextGen } from './captureView';
import { FlowList, findingsBySeverity } from './flowList';
import { HttpStreams } from './httpStreams';
import { answerQuery } from '../problems/answerQuery';
import { detailItems } from './detailItems';
import { FollowLayouts } from './followLayouts';
import { GraphRequests } from './graphRequests';
import { loadCapture } from './loadCapture';
import { RowBuilder } from './packetRows';
import { PacketMarks } from './packetMarks';
import { ExportError } from '../../core/export/captureWriter';
import { exportPackets } from '../../core/export/exportPackets';
import { MemorySink } from '../../core/export/byteSink';
import { selectPackets } from '../../core/export/packetSelection';
import { FilterError } from '../../core/filter/filterError';
import { captureOverview } from './captureOverview';
import { isStatsKind } from '../../core/stats/statsKinds';
import { conversationsCsv, endpointsCsv, phsCsv } from './statsCsv';
import { StatsTables } from './statsTables';

/**
 * The capture worker: owns one Capture (decoding never runs on the extension host's main thread),
 * answers the views' requests for row windows, filters, details and diagrams. Terminating it frees
 * the lot.
 *
 * While a file is read the worker sits in the indexer's synchronous loop; between rows it drains
 * its port (receiveMessageOnPort) and answers row and detail requests from the rows read so far,
 * so the table fills while the file is still being read. Cancelling is a shared-memory flag the
 * indexer polls: no message could reach a thread that never returns to its event loop.
 */
const MAX_ROWS_PER_REQUEST = 1000;
/** Progress messages at most this often (the indexer calls back far more often). */
const PROGRESS_INTERVAL_MS = 60;

const port = parentPort;
if (!port) throw new Error('captureWorker must run in a worker thread');
const post = (m: WorkerToHost) => port.postMessage(m);

let capture: Capture | undefined;
let fields: FieldSource | undefined;
let rows: RowBuilder | undefined;
let analysis: AnalysisResult | undefined;
let flowList: FlowList | undefined;
let http: HttpStreams | undefined;
let follows: FollowLayouts | undefined;
let graphs: GraphRequests | undefined;
let stats: StatsTables | undefined;
let fileName = '';
const views = new Map<string, CaptureView>();
const marks = new PacketMarks();

/** Set while a file is read: its generation, and the messages that must wait for the end. */
let reading: { gen: number; deferred: HostToWorker[]; superseded: boolean } | undefined;
let opening: Promise<void> = Promise.resolve();

async function open(m: Extract<HostToWorker, { type: 'open' }>): Promise<void> {
  const t0 = performance.now();
  const spec = m.source;
  const stop = m.stop ? new Int32Array(m.stop) : undefined;
  capture?.close();
  capture = undefined;
  fields = undefined;
  rows = undefined;
  analysis = undefined;
  flowList = undefined;
  http = undefined;
  marks.clear();
  follows = undefined;
  graphs = undefined;
  stats = undefined;
  const state = { gen: nextGen(), deferred: [] as HostToWorker[], superseded: false };
  reading = state;
  for (const v of views.values()) v.reset(0, state.gen);
  let total = 0;
  let lastPost = -Infinity;
  let cancelled = false;
  try {
    const c = await loadCapture(spec, {
      onStart: (size) => {
        total = size;
        post({ type: 'progress', bytes: 0, total, packets: 0, gen: state.gen });
      },
      shouldStop: () => {
        if (state.superseded) return true;
        // The user's cancel: the header says so as a fact, not as the reader's error text.
        if (stop !== undefined && Atomics.load(stop, 0) !== 0) cancelled = true;
        return cancelled;
      },
      onRows: (partial, bytes) => {
        if (capture !== partial) {
          capture = partial;
          rows = new RowBuilder(partial, marks);
        }
        const count = partial.index.count;
        for (const v of views.values()) v.grow(count);
        const now = performance.now();
        if (now - lastPost >= PROGRESS_INTERVAL_MS) {
          lastPost = now;
          post({ type: 'progress', bytes, total, packets: count, gen: state.gen });
        }
        drain();
      },
    });
    if (state.superseded) {
      c.close();
      return;
    }
    capture = c;
    const keyLog = m.keyLog && applyKeyLog(c, m.keyLog);
    rows ??= new RowBuilder(c, marks);
    for (const v of views.values()) v.grow(c.index.count);
    fields = captureFieldSource(c);
    follows = new FollowLayouts(c);
    const info = captureInfo(c);
    fileName = spec.fileName || (spec.kind === 'path' ? path.basename(spec.path) : 'capture');
    const header: CaptureHeader = {
      fileName,
      format: `${info.format}${info.compression ? `, ${info.compression}` : ''}`,
      size: info.size,
      packets: info.packets,
      duration: info.duration,
      first: info.firstIso,
      encapsulation: info.encapsulation,
    };
    if (info.error) header.error = info.error;
    if (info.error && cancelled) header.cancelled = true;
    if (keyLog) header.tlsKeyLog = keyLog;
    post({ type: 'loaded', header, ms: Math.round(performance.now() - t0) });
    reading = undefined;
    analyze(c);
    // Views re-send their filter on 'loaded' (see the webview): those requests wait behind the
    // analysis, so filters on tcp.analysis.* and the rows' marks see its results.
  } catch (e) {
    reading = undefined;
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (reading === state) reading = undefined;
    for (const d of state.deferred) dispatch(d);
  }
}

/** Decrypts the capture's TLS with the host's key log from now on (rows, detail, filter, analysis); what it held. */
function applyKeyLog(c: Capture, spec: KeyLogSpec): NonNullable<CaptureHeader['tlsKeyLog']> {
  const keys = new KeyLog();
  const problems = keys.add(spec.text);
  useKeyLog(c, keys);
  return { file: spec.file, sessions: keys.size, problems };
}

/** Flows, findings, the analysis column (Info tags, tcp.analysis.* filters) and the rows' marks. */
function analyze(c: Capture): void {
  post({ type: 'analysis', analysis: { status: 'running' } });
  try {
    const result = analyzeCapture(c, { flowDetail: false });
    analysis = result;
    const marks = new Map<number, Severity>();
    for (const f of result.findings) {
      for (const frame of f.packets) {
        const had = marks.get(frame - 1);
        if (!had || SEVERITY_RANK[f.severity] < SEVERITY_RANK[had]) marks.set(frame - 1, f.severity);
      }
    }
    rows?.setAnalysis(marks, result.verdicts);
    flowList = new FlowList(result.flows, result.findings);
    const findings = findingsBySeverity(result.findings);
    post({ type: 'analysis', analysis: { status: 'ready', flowCount: flowList.count, findings } });
  } catch (e) {
    post({ type: 'error', message: `analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    post({ type: 'analysis', analysis: { status: 'unavailable', reason: `The analysis failed: ${e instanceof Error ? e.message : String(e)}` } });
  }
}

/** Answers what can be answered from the rows read so far; the rest waits for the end of the file. */
function drain(): void {
  for (let r = receiveMessageOnPort(port!); r; r = receiveMessageOnPort(port!)) {
    const m = r.message as HostToWorker;
    const state = reading!;
    if (m.type === 'request' && (m.msg.type === 'rows' || m.msg.type === 'detail' || m.msg.type === 'goto' || m.msg.type === 'positionOf'))
      handle(m.view, m.msg);
    else if (m.type === 'dropView') views.delete(m.view);
    else {
      // A newer file replaces this one: stop reading it.
      if (m.type === 'open') state.superseded = true;
      state.deferred.push(m);
    }
  }
}

function viewOf(id: string): CaptureView {
  let v = views.get(id);
  if (!v) views.set(id, (v = new CaptureView(capture?.index.count ?? 0, reading?.gen)));
  return v;
}

/** Every request gets its reply, or a RequestFailed saying why not: the asking side never waits for nothing. */
function handle(id: string, req: Envelope<ViewRequest>): void {
  try {
    const failure = answer(id, req);
    if (failure) post({ type: 'reply', view: id, msg: requestFailed(req.id, failure) });
  } catch (e) {
    post({ type: 'error', message: `${req.type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    post({ type: 'reply', view: id, msg: requestFailed(req.id, e) });
  }
}

const STALE = 'the view has a newer generation';

/** Answers a request; returns why not when it cannot. */
function answer(id: string, req: Envelope<ViewRequest>): string | undefined {
  if (!capture || !rows) return 'no capture is open';
  const v = viewOf(id);
  const reply = (msg: ViewReply) => post({ type: 'reply', view: id, msg: { ...msg, id: req.id } });
  switch (req.type) {
    case 'setFilter':
      if (!fields) return 'the capture is still being read';
      reply(v.setFilter(req.text, capture, fields));
      break;
    case 'rows': {
      if (req.gen !== v.gen) return STALE;
      const start = Math.max(0, Math.min(req.start, v.count));
      const end = Math.min(v.count, start + Math.min(req.count, MAX_ROWS_PER_REQUEST));
      reply({ type: 'rows', gen: v.gen, start, rows: rows.rows(v.packets, start, end) });
      break;
    }
    case 'detail': {
      if (req.packet < 0 || req.packet >= capture.index.count) return `no packet ${req.packet}`;
      const tips = new Map(tcpOptionTips(capture, req.packet, analysis?.verdicts).map((t) => [t.field, t]));
      const tree = detailItems(dissectPacket(capture, req.packet, analysis?.extras), undefined, tips);
      const whole = capture.index.flags[req.packet] & PF_FRAGMENT ? reassembledDatagram(capture, req.packet) : undefined;
      const reassembled = whole && {
        title: `Reassembled ${whole.ipVersion === 6 ? 'IPv6' : 'IPv4'} (${whole.payload.length} bytes)`,
        bytes: Array.from(whole.payload),
      };
      const decrypted = decryptedPanes(capture, req.packet);
      reply({
        type: 'detail',
        packet: req.packet,
        tree,
        bytes: Array.from(capture.packetBytes(req.packet)),
        ...(reassembled ? { reassembled } : {}),
        ...(decrypted.length ? { decrypted } : {}),
      });
      break;
    }
    case 'goto': {
      if (req.gen !== v.gen) return STALE;
      const { position, exact } = v.positionOf(req.frame - 1);
      reply({ type: 'goto', gen: v.gen, frame: req.frame, position, exact });
      break;
    }
    case 'positionOf': {
      if (req.gen !== v.gen) return STALE;
      const { position, exact } = v.positionOf(req.packet);
      reply({ type: 'positionOf', gen: v.gen, packet: req.packet, position: exact ? position : -1 });
      break;
    }
    case 'ladder': {
      if (!analysis) {
        reply({ type: 'ladder', stream: req.stream, reason: 'The diagram needs the analysis, which has not finished.' });
        break;
      }
      const model = ladderModel(capture, analysis, req.stream);
      reply(
        model ? { type: 'ladder', stream: req.stream, model } : { type: 'ladder', stream: req.stream, reason: `No TCP stream ${req.stream} in this capture.` },
      );
      break;
    }
    case 'flows':
      if (!flowList) return 'the capture has not been analysed';
      reply({
        type: 'flows',
        sort: req.sort,
        start: req.start,
        total: flowList.count,
        flows: flowList.window(req.sort, req.start, Math.min(req.count, MAX_ROWS_PER_REQUEST)),
      });
      break;
    case 'httpMessages': {
      if (!fields) return 'the capture is still being read';
      const w = (http ??= new HttpStreams(capture)).exchanges(req.stream, req.start, req.count);
      if (!w) return `no TCP stream ${req.stream}`;
      reply({ type: 'httpMessages', stream: req.stream, start: w.start, total: w.total, exchanges: w.items });
      break;
    }
    case 'httpBody': {
      if (!fields) return 'the capture is still being read';
      const body = (http ??= new HttpStreams(capture)).body(req);
      if (typeof body === 'string') return body;
      reply({ type: 'httpBody', ...body });
      break;
    }
    case 'httpObjects': {
      if (!fields) return 'the capture is still being read';
      const w = (http ??= new HttpStreams(capture)).objectList(req.start, req.count);
      reply({ type: 'httpObjects', start: w.start, total: w.total, objects: w.items });
      break;
    }
    case 'flowPosition':
      if (!flowList) return 'the capture has not been analysed';
      reply({
        type: 'flowPosition',
        sort: req.sort,
        transport: req.transport,
        stream: req.stream,
        position: flowList.positionOf(req.sort, req.transport, req.stream),
      });
      break;
    case 'mark':
      reply({ type: 'marks', count: marks.set(req.packets, req.marked, capture.index.count) });
      break;
    case 'toggleMark': {
      if (req.gen !== v.gen) return STALE;
      if (!Number.isInteger(req.position) || req.position < 0 || req.position >= v.count) return `no packet at position ${req.position}`;
      const packet = v.packetAt(req.position);
      const marked = !marks.has(packet);
      const count = marks.set([packet], marked, capture.index.count);
      reply({ type: 'toggledMark', gen: v.gen, packet, marked, count });
      break;
    }
    case 'nextMark':
      if (req.gen !== v.gen) return STALE;
      reply({ type: 'nextMark', gen: v.gen, position: marks.next(v, req.position, req.backwards) });
      break;
    case 'comment': {
      if (!Number.isInteger(req.packet) || req.packet < 0 || req.packet >= capture.index.count) return `no packet ${req.packet}`;
      // The user's comments replace the packet's list: the editor shows the old ones to edit.
      const kept = req.comments.filter((c) => c.trim() !== '');
      if (kept.length) capture.index.comments.set(req.packet, kept);
      else capture.index.comments.delete(req.packet);
      reply({ type: 'comment', packet: req.packet, comments: kept });
      break;
    }
    case 'exportPackets':
      reply(exportSelection(capture, req));
      break;
    case 'follow':
      if (!follows) return 'the capture is still being read';
      reply(follows.open(req));
      break;
    case 'followLines':
      if (!follows) return 'the capture is still being read';
      reply(follows.lines(req, req.start, req.count));
      break;
    case 'followFind':
      if (!follows) return 'the capture is still being read';
      reply(follows.find(req, req.text, req.from, req.backwards));
      break;
    case 'ioGraph':
    case 'tcpGraph': {
      if (!fields || !analysis) return 'the capture has not been analysed';
      graphs ??= new GraphRequests(capture, fields, analysis);
      const answer = req.type === 'ioGraph' ? graphs.ioGraph(req) : graphs.tcpGraph(req);
      if (typeof answer === 'string') return answer;
      reply(answer);
      break;
    }
    case 'overview':
      if (!fields) return 'the capture is still being read';
      reply({ type: 'overview', overview: captureOverview(capture, fileName, analysis) });
      break;
    case 'phs': {
      if (!fields) return 'the capture is still being read';
      const all = (stats ??= new StatsTables(capture)).phsShown(req.sort, Array.isArray(req.collapsed) ? req.collapsed : []);
      const start = Math.max(0, Math.min(req.start, all.length));
      reply({ type: 'phs', sort: req.sort, start, total: all.length, rows: all.slice(start, start + Math.min(req.count, MAX_ROWS_PER_REQUEST)) });
      break;
    }
    case 'endpoints': {
      if (!fields) return 'the capture is still being read';
      if (!isStatsKind(req.kind)) return `no endpoints of kind ${req.kind}`;
      const t = (stats ??= new StatsTables(capture)).endpoints(req.kind);
      const rows = t.window(req.sort.key, req.sort.descending, req.start, Math.min(req.count, MAX_ROWS_PER_REQUEST));
      reply({ type: 'endpoints', kind: req.kind, sort: req.sort, start: Math.max(0, req.start), total: t.count, rows });
      break;
    }
    case 'conversations': {
      if (!fields) return 'the capture is still being read';
      if (!isStatsKind(req.kind)) return `no conversations of kind ${req.kind}`;
      const t = (stats ??= new StatsTables(capture)).conversations(req.kind);
      const rows = t.window(req.sort.key, req.sort.descending, req.start, Math.min(req.count, MAX_ROWS_PER_REQUEST));
      reply({ type: 'conversations', kind: req.kind, sort: req.sort, start: Math.max(0, req.start), total: t.count, rows });
      break;
    }
    case 'statsCsv': {
      if (!fields) return 'the capture is still being read';
      const s = (stats ??= new StatsTables(capture));
      if (req.table === 'phs') {
        const rows = s.phs(req.sort);
        reply({ type: 'statsCsv', table: 'phs', rows: rows.length, text: phsCsv(rows) });
        break;
      }
      if (!req.kind || !isStatsKind(req.kind)) return `no ${req.table} of kind ${req.kind}`;
      const ports = req.kind === 'tcp' || req.kind === 'udp';
      if (req.table === 'endpoints') {
        const t = s.endpoints(req.kind);
        reply({ type: 'statsCsv', table: 'endpoints', rows: t.count, text: endpointsCsv(t.window(req.sort.key, req.sort.descending, 0, t.count), ports) });
      } else {
        const t = s.conversations(req.kind);
        reply({
          type: 'statsCsv',
          table: 'conversations',
          rows: t.count,
          text: conversationsCsv(t.window(req.sort.key, req.sort.descending, 0, t.count), ports),
        });
      }
      break;
    }
  }
  return undefined;
}

/** The file Export Specified Packets writes; a bad filter or a format that cannot hold the packets says why instead. */
function exportSelection(c: Capture, req: Extract<ViewRequest, { type: 'exportPackets' }>): Extract<ViewReply, { type: 'exported' }> {
  const none = (error: string) => ({ type: 'exported' as const, packets: 0, bytes: new Uint8Array(0), error });
  if (req.selection.kind === 'displayed' && !fields) return none('the capture is still being read');
  let packets: Uint32Array;
  try {
    packets = selectPackets(c, fields ?? captureFieldSource(c), req.selection, marks.packets);
  } catch (e) {
    if (e instanceof FilterError) return none(`The filter is not valid: ${e.message}`);
    throw e;
  }
  const sink = new MemorySink();
  try {
    exportPackets(c, packets, req.format, sink.write);
  } catch (e) {
    if (e instanceof ExportError) return none(e.message);
    throw e;
  }
  return { type: 'exported', packets: packets.length, bytes: sink.bytes() };
}

/** The Problems side asks about the capture this editor already holds (no second copy in memory). */
function query(m: Extract<HostToWorker, { type: 'query' }>): void {
  const { id, ...question } = m.msg;
  if (!capture || !analysis) return post({ type: 'queryReply', msg: requestFailed(id, capture ? 'the capture has not been analysed' : 'no capture is open') });
  try {
    post({ type: 'queryReply', msg: { ...answerQuery(capture, analysis, question), id } });
  } catch (e) {
    post({ type: 'queryReply', msg: requestFailed(id, e) });
  }
}

function dispatch(m: HostToWorker): void {
  switch (m.type) {
    case 'query':
      // Asked while a file is read: answered once it is read and analysed.
      void opening.then(() => query(m));
      break;
    case 'open':
      opening = opening.then(() => open(m));
      break;
    case 'request':
      // Requests that arrive while a file is opened wait for it (only the latest load matters).
      void opening.then(() => handle(m.view, m.msg));
      break;
    case 'dropView':
      views.delete(m.view);
      break;
  }
}

port.on('message', (m: HostToWorker) => dispatch(m));
