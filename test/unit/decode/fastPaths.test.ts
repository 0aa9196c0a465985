import { strict as assert } from 'node:assert';
import { classifyApplication, startsHttpMessage } from '../../../src/core/decode/application';
import { OPT_TIMESTAMP, PacketFields, ProtoCode } from '../../../src/core/decode/fields';
import { scanTcpOptions } from '../../../src/core/decode/tcpOptions';

/** The option fields scanTcpOptions fills, from a block of option bytes. */
function scanned(bytes: number[], cut = false): Record<string, number> {
  const f = new PacketFields();
  f.reset();
  scanTcpOptions(new DataView(Uint8Array.from(bytes).buffer), 0, bytes.length, f, cut);
  const { optMask, tsval, tsecr, nopCount, optionCount, nopRun, malformed } = f;
  return { optMask, tsval, tsecr, nopCount, optionCount, nopRun, malformed };
}

const TS = [8, 10, 0xfe, 0xdc, 0xba, 0x98, 0x00, 0x00, 0x00, 0x2a];

describe('Decoder fast paths agree with the general code', () => {
  it("Linux's NOP NOP Timestamp block gives the fields the option walk gives", () => {
    const aligned = scanned([1, 1, ...TS]);
    // Same options in another order: no fast path, the general walk.
    assert.deepEqual(aligned, scanned([...TS, 1, 1]));
    assert.deepEqual(aligned, { optMask: OPT_TIMESTAMP, tsval: 0xfedcba98, tsecr: 42, nopCount: 2, optionCount: 1, nopRun: 2, malformed: 0 });
    assert.deepEqual(scanned([1, 1, ...TS], true), aligned);
  });

  it('takes the walk for a block that only starts like the aligned one', () => {
    // 12 bytes, a Timestamp whose length byte is wrong: malformed, as the walk says.
    const bad = scanned([1, 1, 8, 9, 0, 0, 0, 1, 0, 0, 0, 2]);
    assert.notEqual(bad.malformed, 0);
    // NOP NOP Timestamp then more options: the walk reads them all.
    const longer = scanned([1, 1, ...TS, 1, 1, 4, 2]);
    assert.equal(longer.optionCount, 2);
    assert.equal(longer.nopCount, 4);
  });

  it('names HTTP/1.x by the first four bytes, every method and the response, nothing else', () => {
    const classify = (text: string | number[]): ProtoCode => {
      const bytes = typeof text === 'string' ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : Uint8Array.from(text);
      const f = new PacketFields();
      f.reset();
      f.proto = ProtoCode.Tcp;
      f.payloadOff = 0;
      f.payloadLen = bytes.length;
      f.l4End = bytes.length;
      classifyApplication(new DataView(bytes.buffer), f, bytes.length);
      return f.proto;
    };
    for (const start of ['GET /', 'POST /', 'HEAD /', 'PUT /', 'DELETE /', 'OPTIONS *', 'PATCH /', 'CONNECT h:443', 'TRACE /', 'HTTP/1.1 200 OK']) {
      assert.equal(classify(start), ProtoCode.Http, start);
      const view = new DataView(Uint8Array.from(start, (c) => c.charCodeAt(0)).buffer);
      assert.equal(startsHttpMessage(view, 0, start.length), true, start);
    }
    for (const other of ['get /', 'GETS', 'SSH-2.0', 'PUTX /', 'HTT']) assert.equal(classify(other), ProtoCode.Tcp, other);
    // A first byte with the high bit set (a signed word) is not HTTP; a TLS record is TLS.
    assert.equal(classify([0xc7, 0x45, 0x54, 0x20, 0]), ProtoCode.Tcp);
    assert.equal(classify([0x17, 0x03, 0x03, 0x00, 0x20]), ProtoCode.Tls);
  });
});
