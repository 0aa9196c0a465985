import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Capture } from '../../../src/core/capture/openCapture';
import { followStream } from '../../../src/core/follow/followCapture';
import { CLIENT, SERVER } from '../../../src/core/follow/followChunks';
import { FollowLines, followTotals, TEXT_WRAP, wrapText } from '../../../src/core/follow/followLines';
import type { FollowStream } from '../../../src/core/follow/followStream';
import { cArrayLines, FOLLOW_FORMATS, utf8Text, writeFollowText } from '../../../src/core/follow/followText';
import { readDirection } from '../../../src/core/follow/streamReader';

const HTTP = path.resolve(__dirname, '../../fixtures/http-ipv4.pcap');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('Follow stream formats: C arrays and UTF-8 (Wireshark GUI views)', () => {
  it('C array: eight entries a line, ", " between them, " };" after the last, named per peer and numbered (follow_stream_dialog.cpp SHOW_CARRAY)', () => {
    // The layout Wireshark's Follow TCP Stream → "C Arrays" writes (a DNS query, 37 bytes, frame 522).
    const query = Uint8Array.from([
      0xae, 0xc0, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x62, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x01, 0x00,
      0x01, 0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]);
    assert.deepEqual(cArrayLines(query, 0, 0, 522), [
      'char peer0_0[] = { /* Packet 522 */',
      '0xae, 0xc0, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, ',
      '0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x62, 0x05, ',
      '0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x01, ',
      '0x00, 0x01, 0x00, 0x00, 0x29, 0x10, 0x00, 0x00, ',
      '0x00, 0x00, 0x00, 0x00, 0x00 };',
    ]);
    // A single byte, and exactly eight: the terminator goes on the last entries' line.
    assert.deepEqual(cArrayLines(Uint8Array.of(0x7f), 1, 21, 61), ['char peer1_21[] = { /* Packet 61 */', '0x7f };']);
    assert.deepEqual(cArrayLines(bytes('ABCDEFGH'), 0, 2, 3), ['char peer0_2[] = { /* Packet 3 */', '0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48 };']);
  });

  it('UTF-8: multi-byte characters decoded, invalid bytes as U+FFFD, controls (ESC, NUL) as dots, CR LF tab kept', () => {
    assert.equal(utf8Text(bytes('héllo → 世界\r\n\tok')), 'héllo → 世界\r\n\tok');
    assert.equal(utf8Text(Uint8Array.of(0x41, 0xff, 0x42)), 'A\ufffdB');
    assert.equal(utf8Text(Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x9b)), '.[2J.\ufffd');
  });

  it('wrapText breaks at line feeds (no empty line after a final one) and wraps long lines without splitting a surrogate pair', () => {
    assert.deepEqual(wrapText('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), ['GET / HTTP/1.1', 'Host: x', '']);
    const long = `${'a'.repeat(TEXT_WRAP - 1)}😀b`;
    const wrapped = wrapText(long);
    assert.deepEqual(wrapped, ['a'.repeat(TEXT_WRAP - 1), '😀b']);
  });
});

describe('FollowLines: a followed stream as windowed screen lines (http-ipv4.pcap: curl, three requests on one connection)', () => {
  let capture: Capture;
  let s: FollowStream;
  before(async () => {
    capture = await openCaptureFile(HTTP);
    s = followStream(capture, { kind: 'tcp', stream: 0 })!;
  });
  after(() => capture.close());

  it('ascii: the request then the response, each line tagged with its direction and packet', () => {
    const view = new FollowLines(s, 'ascii', 'both');
    const first = view.lines(0, 8);
    assert.deepEqual(
      first.map((l) => [l.text, l.direction]),
      [
        ['GET /big HTTP/1.1', CLIENT],
        ['Host: www.example.test', CLIENT],
        ['User-Agent: curl/7.88.1', CLIENT],
        ['Accept: */*', CLIENT],
        ['', CLIENT],
        ['HTTP/1.1 200 OK', SERVER],
        ['Server: fixture-httpd/1.0 ', SERVER],
        ['Date: Thu, 26 Nov 2026 06:26:52 GMT', SERVER],
      ],
    );
    // The packet of each line is the chunk's: the request is one segment, the response header another.
    assert.equal(new Set(first.slice(0, 5).map((l) => l.packet)).size, 1);
    assert.notEqual(first[5].packet, first[0].packet);
  });

  it("ascii: a side's consecutive chunks read as one text, as in Wireshark: a body line cut by a segment boundary is one line, of the packet it starts in", () => {
    const view = new FollowLines(s, 'ascii', 'server');
    const lines = view.lines(0, view.count);
    const body = lines.filter((l) => l.text.startsWith('line '));
    // 20480 bytes of 48-byte lines: 426 whole lines and the start of a 427th.
    assert.equal(body.length, 427);
    body.slice(0, 426).forEach((l, n) => assert.equal(l.text, `line ${String(n).padStart(5, '0')} of the 20 KB fixture body ..........`));
    // Line 30 starts in one segment and ends in the next (the first segment's 1448 bytes end inside it).
    const c = s.chunks;
    const serverChunks = Array.from({ length: c.count }, (_, k) => k).filter((k) => c.direction[k] === SERVER);
    assert.equal(c.length[serverChunks[1]], 1448, 'the body starts in a full segment: 30 lines and 8 bytes of the 31st');
    assert.equal(body[30].packet, c.packet[serverChunks[1]], 'a line spanning two segments belongs to the one it starts in');
    assert.equal(body[31].packet, c.packet[serverChunks[2]]);
  });

  it('any window equals the same lines cut from the whole layout, in every format and direction', () => {
    for (const format of FOLLOW_FORMATS)
      for (const direction of ['both', 'client', 'server'] as const) {
        const view = new FollowLines(s, format, direction);
        const all = view.lines(0, view.count);
        assert.equal(all.length, view.count, `${format}/${direction}: line count`);
        for (const [start, n] of [
          [0, 3],
          [7, 40],
          [view.count - 5, 10],
          [Math.floor(view.count / 2), 1],
        ])
          assert.deepEqual(view.lines(start, n), all.slice(Math.max(0, start), start + n), `${format}/${direction} window ${start}+${n}`);
        if (direction !== 'both') assert.ok(all.every((l) => l.direction === -1 || l.direction === (direction === 'client' ? CLIENT : SERVER)));
      }
  });

  it("hex lines equal the CLI's (tshark's) hex view, the server indented by four spaces instead of a tab; raw lines carry each direction's bytes", () => {
    const cli: string[] = [];
    writeFollowText(s, 'hex', 'both', (l) => cli.push(l));
    const data = cli.filter((l) => /^\t?[0-9A-F]{8} {2}/.test(l)).map((l) => l.replace(/^\t/, '    '));
    const view = new FollowLines(s, 'hex', 'both');
    assert.deepEqual(
      view.lines(0, view.count).map((l) => l.text),
      data,
    );
    for (const d of [CLIENT, SERVER]) {
      const raw = new FollowLines(s, 'raw', d === CLIENT ? 'client' : 'server');
      const hex = raw
        .lines(0, raw.count)
        .map((l) => l.text)
        .join('');
      assert.equal(hex, Buffer.from(readDirection(s, d, 0, Infinity)).toString('hex'));
    }
  });

  it("C array: one array per chunk, numbered per peer, its bytes those of the chunk; the CLI's carray output is the same lines", () => {
    const view = new FollowLines(s, 'carray', 'both');
    const lines = view.lines(0, view.count).map((l) => l.text);
    const heads = lines.filter((l) => l.startsWith('char '));
    assert.equal(heads.length, s.chunks.count);
    assert.match(heads[0], /^char peer0_0\[\] = \{ \/\* Packet 8 \*\/$/);
    assert.match(heads[1], /^char peer1_0\[\] = \{ \/\* Packet \d+ \*\/$/);
    assert.match(heads[2], /^char peer1_1\[\] = /);
    const entries = lines
      .filter((l) => l.startsWith('0x'))
      .join('')
      .match(/0x[0-9a-f]{2}/g)!;
    assert.equal(entries.length, s.chunks.bytes[0] + s.chunks.bytes[1]);
    const cli: string[] = [];
    writeFollowText(s, 'carray', 'both', (l) => cli.push(l));
    assert.deepEqual(cli, lines);
  });

  it('find: next and previous line containing the text (case-insensitive), wrapping around', () => {
    const view = new FollowLines(s, 'ascii', 'both');
    const host = view.find('HOST:', -1, false)!;
    assert.deepEqual(host, { line: 1, column: 0 });
    const content = view.find('content-length', host.line, false)!;
    assert.equal(view.lines(content.line, 1)[0].text, 'Content-Length: 20480');
    assert.deepEqual(view.find('host:', content.line, true), host);
    const last = view.find('line 00', 0, true)!;
    assert.ok(last.line > content.line, 'backwards from the top wraps to the end');
    assert.equal(view.find('no such text', 0, false), undefined);
  });

  it('status totals: packets and bytes per side', () => {
    const t = followTotals(s);
    // curl asks three times on one connection (83, 85 and 87 bytes); the server answers 20 KB and two short replies.
    assert.deepEqual(t.bytes, [83 + 85 + 87, readDirection(s, SERVER, 0, Infinity).length]);
    assert.ok(t.bytes[1] > 20480);
    assert.equal(t.packets[0], 3);
    assert.ok(t.packets[1] >= 17);
    assert.equal(t.gaps, 0);
  });
});
