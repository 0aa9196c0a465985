import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureFile, type Capture } from '../../../src/core/capture/openCapture';
import type { DetailNode } from '../../../src/core/dissect/detailNode';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { captureFieldSource, compileFilter, filterPackets } from '../../../src/core/filter/compileFilter';
import { summarize } from '../../../src/core/summary/packetSummary';
import { parseKeyLog } from '../../../src/core/tls/keyLog';
import { useKeyLog } from '../../../src/core/tls/tlsDecryption';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

/** tshark 4.0 with the key log (make-fixtures.sh decrypted_golden): one row per frame, columns by field name. */
function golden(): Array<Record<string, string>> {
  const [head, ...rows] = fs.readFileSync(path.join(FIXTURES, 'goldens/tls-http2.pcap.decrypted.tsv'), 'utf8').replace(/\n+$/, '').split('\n');
  const names = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, k) => [names[k], v])));
}

/**
 * HTTP/2 inside TLS 1.3 (tls-http2.pcap: curl --http2 to Node's http2 server, two streams on one
 * connection, with its key log), against tshark 4.0 with the same keys. No deviation: Protocol and
 * Info of every frame, and the HTTP/2 fields, are tshark's.
 */
describe('HTTP/2 in decrypted TLS (tls-http2.pcap with its key log; tshark 4.0 golden)', () => {
  let capture: Capture;
  const rows = golden();
  before(async () => {
    capture = await openCaptureFile(path.join(FIXTURES, 'tls-http2.pcap'));
    useKeyLog(capture, parseKeyLog(fs.readFileSync(path.join(FIXTURES, 'tls-http2.keys'), 'utf8')));
  });
  after(() => capture.close());

  it("Protocol and Info of every frame equal tshark's: HEADERS with method and path or status, DATA with its content type", () => {
    assert.equal(rows.length, capture.index.count);
    let http2 = 0;
    for (const g of rows) {
      const i = Number(g['frame.number']) - 1;
      const ours = summarize(capture, i);
      if (g['_ws.col.Protocol'] !== 'HTTP2') continue;
      http2++;
      assert.deepEqual(ours, { protocol: 'HTTP2', info: g['_ws.col.Info'].trimEnd() }, `frame ${i + 1}`);
    }
    assert.equal(http2, 8);
  });

  it("display filters reach HTTP/2's frames and headers, frame for frame as tshark", () => {
    const src = captureFieldSource(capture);
    const frames = (filter: string) => [...filterPackets(compileFilter(filter, src)!, capture.index.count)].map((i) => i + 1);
    const tshark = (pick: (g: Record<string, string>) => boolean) => rows.filter(pick).map((g) => Number(g['frame.number']));
    const has = (field: string, value: string) => (g: Record<string, string>) => g[field].split(',').includes(value);
    assert.deepEqual(
      frames('http2'),
      tshark((g) => g['http2.type'] !== ''),
    );
    assert.deepEqual(frames('http2.type == 4'), tshark(has('http2.type', '4')));
    assert.deepEqual(frames('http2.type == 3'), tshark(has('http2.type', '3')));
    assert.deepEqual(frames('http2.streamid == 3'), tshark(has('http2.streamid', '3')));
    assert.deepEqual(frames('http2.headers.path == "/h2/hello"'), tshark(has('http2.headers.path', '/h2/hello')));
    assert.deepEqual(frames('http2.headers.method == "GET"'), tshark(has('http2.headers.method', 'GET')));
    assert.deepEqual(frames('http2.headers.status == 404'), tshark(has('http2.headers.status', '404')));
    assert.deepEqual(
      frames('http2.header.value contains "h2_server"'),
      tshark((g) => g['http2.header.value'].includes('h2_server')),
    );
    assert.deepEqual(
      frames('http2.header.value == "curl/7.88.1"'),
      tshark((g) => g['http2.header.value'].includes('curl/7.88.1')),
    );
    assert.deepEqual(frames('http2.headers.path == "/h2/missing"'), [18]);
  });

  it('the detail tree shows each HTTP/2 frame of the record with its decoded header fields, inside the decrypted bytes', () => {
    const flat = (nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] => {
      for (const n of nodes) {
        out.push(n);
        if (n.children) flat(n.children, out);
      }
      return out;
    };
    const nodes = flat(dissectPacket(capture, 10));
    const h2 = nodes.find((n) => n.field === 'http2');
    assert.ok(h2, 'an http2 layer in frame 11');
    const streams = nodes.filter((n) => n.field === 'http2.stream').map((n) => n.text);
    // tshark: http2.length 41, http2.type 1, http2.streamid 1, http2.flags 0x05 for frame 11.
    assert.deepEqual(streams, ['Stream: HEADERS, Stream ID: 1, Length 41, GET /h2/hello']);
    assert.ok(nodes.some((n) => n.field === 'http2.flags' && n.value === 0x05));
    const headers = nodes.filter((n) => n.field === 'http2.header').map((n) => n.text);
    // tshark's http2.header.value for frame 11, in order.
    const want = rows[10]['http2.header.value'].split(',');
    assert.deepEqual(
      headers,
      [':method', ':path', ':scheme', ':authority', 'user-agent', 'accept'].map((name, k) => `Header: ${name}: ${want[k]}`),
    );
    for (const n of nodes.filter((x) => x.source === 'decrypted')) assert.ok(n.offset >= 0 && n.length >= 0, n.text);
  });

  it('without the key log nothing of HTTP/2 is visible (the records stay Application Data)', async () => {
    const plain = await openCaptureFile(path.join(FIXTURES, 'tls-http2.pcap'));
    try {
      assert.deepEqual([...filterPackets(compileFilter('http2', captureFieldSource(plain))!, plain.index.count)], []);
      assert.deepEqual(summarize(plain, 10), { protocol: 'TLSv1.3', info: 'Application Data' });
    } finally {
      plain.close();
    }
  });
});
