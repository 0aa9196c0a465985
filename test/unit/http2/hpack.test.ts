import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { FLAG_END_HEADERS, FRAME_CONTINUATION, FRAME_HEADERS, splitFrames } from '../../../src/core/http2/frames';
import { HpackDecoder } from '../../../src/core/http2/hpack';
import { http2Direction } from '../../../src/core/http2/http2Stream';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const pairs = (r: ReturnType<HpackDecoder['decode']>) => {
  assert.equal(r.error, undefined, r.error);
  return r.fields.map((f) => [f.name, f.value]);
};

/** Requests sent with Node's HTTP/2 (nghttp2) through a relay that records each direction's bytes, as a capture would see them. */
async function exchange(sent: Array<Record<string, string>>): Promise<{ fromClient: Uint8Array; fromServer: Uint8Array }> {
  const fromClient: Buffer[] = [],
    fromServer: Buffer[] = [];
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.respond({ ':status': 404, 'x-echo-path': String(headers[':path']), 'x-big': 'z'.repeat(20000), 'content-type': 'text/plain; charset=utf-8' });
    stream.end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const relay = net.createServer((c) => {
    const s = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    c.on('data', (b) => (fromClient.push(b), s.write(b)));
    s.on('data', (b) => (fromServer.push(b), c.write(b)));
    c.on('close', () => s.destroy());
    s.on('close', () => c.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const client = http2.connect(`http://127.0.0.1:${(relay.address() as AddressInfo).port}`);
  for (const h of sent)
    await new Promise<void>((resolve, reject) => {
      const req = client.request(h);
      req.on('error', reject);
      req.resume();
      req.on('end', () => resolve());
      req.end();
    });
  client.close();
  await new Promise((r) => setTimeout(r, 50));
  relay.close();
  server.close();
  return { fromClient: new Uint8Array(Buffer.concat(fromClient)), fromServer: new Uint8Array(Buffer.concat(fromServer)) };
}

describe('HPACK (RFC 7541) and HTTP/2 frames', () => {
  it('RFC 7541 C.4: three requests, Huffman-coded, sharing one dynamic table', () => {
    const d = new HpackDecoder();
    assert.deepEqual(pairs(d.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))), [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ]);
    assert.deepEqual(pairs(d.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))), [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
      ['cache-control', 'no-cache'],
    ]);
    assert.deepEqual(pairs(d.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'))), [
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ]);
  });

  it('RFC 7541 C.6: three responses in a 256-byte table, entries evicted as it fills', () => {
    const d = new HpackDecoder(256);
    const date = 'Mon, 21 Oct 2013 20:13:21 GMT';
    assert.deepEqual(pairs(d.decode(hex('488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3'))), [
      [':status', '302'],
      ['cache-control', 'private'],
      ['date', date],
      ['location', 'https://www.example.com'],
    ]);
    // Index 65 (c1..) only holds cache-control if ":status: 302" was evicted by "307": the eviction is checked.
    assert.deepEqual(pairs(d.decode(hex('4883640effc1c0bf'))), [
      [':status', '307'],
      ['cache-control', 'private'],
      ['date', date],
      ['location', 'https://www.example.com'],
    ]);
    assert.deepEqual(
      pairs(
        d.decode(
          hex(
            '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007',
          ),
        ),
      ),
      [
        [':status', '200'],
        ['cache-control', 'private'],
        ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
        ['location', 'https://www.example.com'],
        ['content-encoding', 'gzip'],
        ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
      ],
    );
  });

  it('damage is reported with where it is, keeping the fields before it: an index beyond the table, a cut literal, bad Huffman padding', () => {
    const r1 = new HpackDecoder().decode(hex('82 ff00'));
    assert.deepEqual(
      r1.fields.map((f) => f.name),
      [':method'],
    );
    assert.match(r1.error ?? '', /index 127 is not in the table \(at byte 1 of the 3-byte header block\)/);
    assert.match(new HpackDecoder().decode(hex('40 05 6162')).error ?? '', /5-byte string runs past the end/);
    // "a" is 00011 (5 bits): padded with three zero bits instead of ones.
    assert.match(new HpackDecoder().decode(hex('40 81 18 81 18')).error ?? '', /padding/);
    assert.deepEqual(pairs(new HpackDecoder().decode(hex('40 81 1f 81 1f'))), [['a', 'a']]);
  });

  it("real bytes from Node's HTTP/2 (nghttp2): every request's and response's headers decode as sent, HEADERS + CONTINUATION included", async () => {
    const sent: Array<Record<string, string>> = [
      { ':path': '/first?q=1&r=two', 'user-agent': 'pcap-inspector-test/1.0', cookie: 'a=1; b=2' },
      { ':path': '/second', 'user-agent': 'pcap-inspector-test/1.0', 'x-random': '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' },
    ];
    const { fromClient, fromServer } = await exchange(sent);
    const blocks = (bytes: Uint8Array) => {
      const out: Uint8Array[] = [];
      let pending: number[] | undefined;
      for (const f of splitFrames(bytes).frames) {
        if (f.type !== FRAME_HEADERS && f.type !== FRAME_CONTINUATION) continue;
        (pending ??= []).push(...bytes.subarray(f.contentStart, f.contentEnd));
        if (f.flags & FLAG_END_HEADERS) [out[out.length], pending] = [Uint8Array.from(pending), undefined];
      }
      return out;
    };
    const requests = blocks(fromClient);
    const responses = blocks(fromServer);
    // A 20,000-byte header value does not fit one 16 KB frame: the block continues.
    assert.ok(splitFrames(fromServer).frames.some((f) => f.type === FRAME_CONTINUATION));
    assert.equal(requests.length, 2);
    assert.equal(responses.length, 2);
    const up = new HpackDecoder(),
      down = new HpackDecoder();
    requests.forEach((block, k) => {
      const fields = Object.fromEntries(pairs(up.decode(block)));
      for (const [name, value] of Object.entries(sent[k])) assert.equal(fields[name], value, name);
      assert.equal(fields[':method'], 'GET');
    });
    responses.forEach((block, k) => {
      const fields = Object.fromEntries(pairs(down.decode(block)));
      assert.equal(fields[':status'], '404');
      assert.equal(fields['x-echo-path'], sent[k][':path']);
      assert.equal(fields['x-big'], 'z'.repeat(20000));
      assert.equal(fields['content-type'], 'text/plain; charset=utf-8');
    });
  });

  it('a direction cut into arbitrary chunks (TLS records): each frame goes to the chunk it ends in, header blocks decode in order, Info as tshark writes it', async () => {
    const { fromClient, fromServer } = await exchange([{ ':path': '/a' }, { ':path': '/b' }]);
    for (const cut of [1, 7, 50, 333]) {
      const chunks = (b: Uint8Array) => Array.from({ length: Math.ceil(b.length / cut) }, (_, k) => b.subarray(k * cut, (k + 1) * cut));
      const up = http2Direction(chunks(fromClient)),
        down = http2Direction(chunks(fromServer));
      assert.equal(up[0].preface, true);
      // One Info part per frame (a chunk may hold several): as tshark lists them.
      const partsUp = up
        .map((c) => c.info)
        .filter(Boolean)
        .join(', ')
        .split(', ');
      const partsDown = down
        .map((c) => c.info)
        .filter(Boolean)
        .join(', ')
        .split(', ');
      for (const part of ['Magic', 'HEADERS[1]: GET /a', 'HEADERS[3]: GET /b']) assert.ok(partsUp.includes(part), `${part} in ${partsUp.join(' | ')}`);
      // The 20 KB response header blocks end in a CONTINUATION: their fields are named there.
      for (const part of ['CONTINUATION[1]: 404 Not Found', 'DATA[3] (text/plain; charset=utf-8)'])
        assert.ok(partsDown.includes(part), `${part} in ${partsDown.join(' | ')}`);
      // Each frame sits in the chunk holding its last byte.
      down.forEach((c, k) => {
        for (const f of c.frames) assert.equal(Math.floor((f.offset + 9 + f.length - 1) / cut), k);
      });
    }
  });
});
