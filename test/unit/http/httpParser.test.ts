import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import { CLIENT, SERVER } from '../../../src/core/follow/followChunks';
import { decodedBody, readRawBody } from '../../../src/core/http/httpBody';
import { httpExchanges } from '../../../src/core/http/httpExchanges';
import { MAX_HEAD_BYTES } from '../../../src/core/http/httpHead';
import { objectsOf } from '../../../src/core/http/httpObjects';
import { parseDirection } from '../../../src/core/http/httpParser';
import { bytesOf, httpConversation } from './httpConversation';
import type { Segment } from './httpConversation';

const latin1 = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('latin1');
const exchangesOf = (segments: Segment[]) => {
  const { stream } = httpConversation(segments);
  return { stream, exchanges: httpExchanges(stream) };
};

describe('HTTP/1.x over a followed TCP stream (RFC 9112 framing)', () => {
  it('de-chunks a chunked body: chunk extensions ignored, trailer fields kept, the next response found after it', () => {
    const { stream, exchanges } = exchangesOf([
      [true, 'GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n'],
      [false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n'],
      [false, '1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 16\r\n\r\n'],
      [false, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbye'],
    ]);
    assert.equal(exchanges.length, 2);
    const r = exchanges[0].response!;
    assert.equal(r.body.framing, 'chunked');
    assert.equal(latin1(decodedBody(stream, r).bytes), 'hello 0123456789');
    assert.deepEqual(r.trailers, [{ name: 'X-Sum', value: '16' }]);
    assert.equal(latin1(decodedBody(stream, exchanges[1].response!).bytes), 'bye');
    // A window of the de-chunked body crosses the chunk boundary.
    assert.equal(latin1(readRawBody(stream, r, 3, 9)), 'lo 012');
  });

  it('pairs pipelined requests (one segment) with the responses in order, and maps messages to their packets', () => {
    const { exchanges } = exchangesOf([
      [true, 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n'], // packet 2
      [false, 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1HTTP/1.1 404 Not Found\r\nContent-'], // packet 3
      [false, 'Length: 1\r\n\r\n2HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n3'], // packet 4
    ]);
    assert.deepEqual(
      exchanges.map((x) => [x.request?.uri, x.response?.status, x.request?.firstPacket, x.response?.firstPacket, x.response?.lastPacket]),
      [
        ['/1', 200, 2, 3, 3],
        ['/2', 404, 2, 3, 4],
        ['/3', 200, 2, 4, 4],
      ],
    );
  });

  it('a response to HEAD, a 1xx, a 204 and a 304 have no body even with Content-Length (§6.3), so the next message is found', () => {
    const { exchanges } = exchangesOf([
      [true, 'HEAD /x HTTP/1.1\r\n\r\nPOST /u HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n'],
      [false, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n'],
      [true, 'data'],
      [false, 'HTTP/1.1 204 No Content\r\n\r\n'],
      [true, 'GET /y HTTP/1.1\r\n\r\n'],
      [false, 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n'],
      [true, 'GET /z HTTP/1.1\r\n\r\n'],
      [false, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ]);
    assert.deepEqual(
      exchanges.map((x) => [x.request?.method, x.request?.body.size, x.interim.map((i) => i.status), x.response?.status, x.response?.body.size]),
      [
        ['HEAD', 0, [], 200, 0],
        ['POST', 4, [100], 204, 0],
        ['GET', 0, [], 304, 0],
        ['GET', 0, [], 200, 2],
      ],
    );
  });

  it('a response without Content-Length or chunked runs until the server closes', () => {
    const { stream, exchanges } = exchangesOf([
      [true, 'GET / HTTP/1.0\r\n\r\n'],
      [false, 'HTTP/1.0 200 OK\r\n\r\nline one\n'],
      [false, 'line two\n'],
    ]);
    assert.equal(exchanges[0].response!.body.framing, 'close');
    assert.equal(latin1(decodedBody(stream, exchanges[0].response!).bytes), 'line one\nline two\n');
  });

  it('gzip, deflate (zlib and raw), br and stacked codings are undone; identity passes through', () => {
    const body = Buffer.from('the body the server meant '.repeat(50));
    const cases: Array<[string, Buffer]> = [
      ['gzip', zlib.gzipSync(body)],
      ['deflate', zlib.deflateSync(body)],
      ['deflate', zlib.deflateRawSync(body)],
      ['br', zlib.brotliCompressSync(body)],
      ['deflate, gzip', zlib.gzipSync(zlib.deflateSync(body))],
      ['identity', body],
    ];
    for (const [coding, wire] of cases) {
      const { stream, exchanges } = exchangesOf([
        [true, 'GET / HTTP/1.1\r\n\r\n'],
        [false, bytesOf(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nContent-Length: ${wire.length}\r\n\r\n`)],
        [false, new Uint8Array(wire)],
      ]);
      const d = decodedBody(stream, exchanges[0].response!);
      assert.equal(d.error, undefined, coding);
      assert.ok(Buffer.from(d.bytes!).equals(body), coding);
    }
  });

  it('a corrupt or unsupported coding is an error on that body, not a throw; a bomb stops at the output limit', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(10_000_000));
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['gzip', bytesOf('\x1f\x8b\x08\x00garbage garbage garbage'), /the gzip body could not be decoded/],
      ['compress', bytesOf('whatever'), /content coding "compress" is not supported/],
      ['gzip', new Uint8Array(bomb), /decodes to more than 1000000 bytes/],
    ];
    for (const [coding, wire, why] of cases) {
      const { stream, exchanges } = exchangesOf([
        [true, 'GET / HTTP/1.1\r\n\r\n'],
        [false, bytesOf(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nContent-Length: ${wire.length}\r\n\r\n`)],
        [false, wire],
      ]);
      const d = decodedBody(stream, exchanges[0].response!, 1_000_000);
      assert.equal(d.bytes, undefined);
      assert.match(d.error!, why);
    }
  });

  it('bytes lost before the capture inside a body mark the message missing, and its object says so', () => {
    const { capture, stream, exchanges } = (() => {
      const c = httpConversation([
        [true, 'POST /u HTTP/1.1\r\nContent-Length: 12\r\n\r\nfour'],
        [true, 'LOST', 'lost'],
        [true, 'four'],
        [false, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
      ]);
      return { ...c, exchanges: httpExchanges(c.stream) };
    })();
    assert.equal(exchanges[0].request!.missing, true);
    assert.equal(exchanges[0].response!.missing, false);
    // The gap holds no bytes: the body the capture has is 8 of 12, and the next message is not lost.
    assert.equal(latin1(decodedBody(stream, exchanges[0].request!).bytes), 'fourfour');
    const [obj] = objectsOf(stream, exchanges[0], 0);
    assert.match(obj.error!, /bytes of it are missing from the capture/);
    capture.close();
  });

  it('a stream that does not start as HTTP has no exchanges', () => {
    const { exchanges } = exchangesOf([
      [true, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 binary TLS hello\n\n'],
      [false, 'SSH-2.0-OpenSSH_9.2\r\n\r\n'],
    ]);
    assert.deepEqual(exchanges, []);
    // HTTP/2's connection preface has a request line's shape, but it is not HTTP/1.x.
    assert.deepEqual(exchangesOf([[true, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']]).exchanges, []);
  });

  describe('hostile input: bounded, an error on the message, never a crash', () => {
    it('a header block with no end is refused at MAX_HEAD_BYTES', () => {
      const { stream } = httpConversation([[true, `GET / HTTP/1.1\r\nX: ${'a'.repeat(MAX_HEAD_BYTES + 10)}`]]);
      const [m] = parseDirection(stream, CLIENT, 'request');
      assert.match(m.error!, /header block larger than 64 KiB/);
    });

    it('a chunk size of 17 hex digits (2^64+) is refused, not parsed into a huge or negative number', () => {
      const { stream } = httpConversation([
        [true, 'GET / HTTP/1.1\r\n\r\n'],
        [false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n1ffffffffffffffff\r\nxyz'],
      ]);
      const [m] = parseDirection(stream, SERVER, 'response');
      assert.match(m.error!, /invalid chunk size "1ffffffffffffffff"/);
      assert.equal(m.body.size, 4);
    });

    it('a chunk or Content-Length larger than the stream gives the bytes there are, marked truncated', () => {
      for (const head of ['Transfer-Encoding: chunked\r\n\r\nfffffffffff\r\n', 'Content-Length: 4503599627370495\r\n\r\n']) {
        const { stream, exchanges } = exchangesOf([
          [true, 'GET / HTTP/1.1\r\n\r\n'],
          [false, `HTTP/1.1 200 OK\r\n${head}only this`],
        ]);
        const r = exchanges[0].response!;
        assert.equal(r.body.truncated, true, head);
        assert.equal(latin1(decodedBody(stream, r).bytes), 'only this');
      }
    });

    it('conflicting or non-numeric Content-Length stops the direction with an error (request smuggling shape)', () => {
      for (const [cl, why] of [
        ['Content-Length: 5\r\nContent-Length: 6', /conflicting Content-Length values \(5, 6\)/],
        ['Content-Length: -1', /invalid Content-Length "-1"/],
        ['Content-Length: 1e3', /invalid Content-Length "1e3"/],
      ] as const) {
        const { stream } = httpConversation([[true, `POST / HTTP/1.1\r\n${cl}\r\n\r\nhelloGET /next HTTP/1.1\r\n\r\n`]]);
        const list = parseDirection(stream, CLIENT, 'request');
        assert.equal(list.length, 1, cl);
        assert.match(list[0].error!, why);
      }
    });

    it('a chunk-size line longer than 4 KiB (endless extensions) is refused', () => {
      const { stream } = httpConversation([
        [true, 'GET / HTTP/1.1\r\n\r\n'],
        [false, `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;${'x'.repeat(5000)}\r\nhello\r\n0\r\n\r\n`],
      ]);
      assert.match(parseDirection(stream, SERVER, 'response')[0].error!, /chunk-size line longer than 4096 bytes/);
    });
  });
});
