import { parentPort } from 'node:worker_threads';
import * as path from 'node:path';
import type { Capture } from '../../core/capture/openCapture';
import { dissectPacket } from '../../core/dissect/dissector';
import { captureFieldSource } from '../../core/filter/compileFilter';
import type { FieldSource } from '../../core/filter/filterFields';
import { captureInfo } from '../../core/summary/captureInfo';
import type { CaptureHeader, HostToWorker, ViewRequest, WorkerToHost } from '../../protocol';
import { CaptureView } from './captureView';
import { detailItems } from './detailItems';
import { loadCapture } from './loadCapture';
import { RowBuilder } from './packetRows';

/**
 * The capture worker: owns one Capture (decoding never runs on the extension host's main thread),
 * answers the views' requests for row windows, filters and details. Terminating it frees the lot.
 */
const MAX_ROWS_PER_REQUEST = 1000;

const port = parentPort;
if (!port) throw new Error('captureWorker must run in a worker thread');
const post = (m: WorkerToHost) => port.postMessage(m);

let capture: Capture | undefined;
let fields: FieldSource | undefined;
let rows: RowBuilder | undefined;
let loading: Promise<void> | undefined;
const views = new Map<string, CaptureView>();

async function open(spec: Extract<HostToWorker, { type: 'open' }>['source']): Promise<void> {
  const t0 = performance.now();
  capture?.close();
  capture = undefined;
  try {
    const c = await loadCapture(spec, (bytes, total) => post({ type: 'progress', bytes, total }));
    capture = c;
    // Positions into the previous file mean nothing now: bump every view's generation.
    for (const v of views.values()) v.reset(c.index.count);
    fields = captureFieldSource(c);
    rows = new RowBuilder(c);
    const info = captureInfo(c);
    const header: CaptureHeader = {
      fileName: spec.fileName || (spec.kind === 'path' ? path.basename(spec.path) : 'capture'),
      format: `${info.format}${info.compression ? `, ${info.compression}` : ''}`,
      size: info.size, packets: info.packets, duration: info.duration, first: info.firstIso, encapsulation: info.encapsulation,
    };
    if (info.error) header.error = info.error;
    post({ type: 'loaded', header, ms: Math.round(performance.now() - t0) });
    // The analysis engine (flows, findings) lands separately: say so until it does.
    post({ type: 'analysis', analysis: { status: 'unavailable', reason: 'Flow and findings analysis is not available in this version yet.' } });
    // Views re-send their filter on 'loaded' (see the webview), which also re-bases them on a reloaded file.
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

function viewOf(id: string): CaptureView {
  let v = views.get(id);
  if (!v) views.set(id, (v = new CaptureView(capture?.index.count ?? 0)));
  return v;
}

function handle(id: string, req: ViewRequest): void {
  try {
    answer(id, req);
  } catch (e) {
    post({ type: 'error', message: `${req.type} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}` });
  }
}

function answer(id: string, req: ViewRequest): void {
  if (!capture || !fields || !rows) return;
  const v = viewOf(id);
  const reply = (msg: Extract<WorkerToHost, { type: 'reply' }>['msg']) => post({ type: 'reply', view: id, msg });
  switch (req.type) {
    case 'setFilter':
      reply(v.setFilter(req.text, capture, fields));
      break;
    case 'rows': {
      if (req.gen !== v.gen) return;
      const start = Math.max(0, Math.min(req.start, v.count));
      const end = Math.min(v.count, start + Math.min(req.count, MAX_ROWS_PER_REQUEST));
      reply({ type: 'rows', gen: v.gen, start, rows: rows.rows(v.packets, start, end) });
      break;
    }
    case 'detail': {
      if (req.packet < 0 || req.packet >= capture.index.count) return;
      const tree = detailItems(dissectPacket(capture, req.packet));
      reply({ type: 'detail', packet: req.packet, tree, bytes: Array.from(capture.packetBytes(req.packet)) });
      break;
    }
    case 'goto': {
      if (req.gen !== v.gen) return;
      const { position, exact } = v.positionOf(req.frame - 1);
      reply({ type: 'goto', gen: v.gen, frame: req.frame, position, exact });
      break;
    }
    case 'positionOf': {
      if (req.gen !== v.gen) return;
      const { position, exact } = v.positionOf(req.packet);
      reply({ type: 'positionOf', gen: v.gen, packet: req.packet, position: exact ? position : -1 });
      break;
    }
  }
}

port.on('message', (m: HostToWorker) => {
  switch (m.type) {
    case 'open':
      loading = open(m.source);
      break;
    case 'request':
      // Requests that arrive while a file loads wait for it (only the latest load matters).
      if (loading) void loading.then(() => handle(m.view, m.msg));
      else handle(m.view, m.msg);
      break;
    case 'dropView':
      views.delete(m.view);
      break;
  }
});
