import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { bodyKind } from '../../../src/core/http/bodyKind';
import { bodyModes, dataUrl, defaultMode, hexDump, imageMime, mediaType, prettyJson } from '../../../webview/httpBodyFormat';

const ROOT = path.resolve(__dirname, '../../..');

describe('the HTTP tab turns bodies into text, pretty JSON, an image or a hex dump (webview/httpBodyFormat.ts)', () => {
  it('offers the modes that fit: JSON for JSON and text, a preview for images and SVG (as an <img>), hex always', () => {
    assert.deepEqual(bodyModes('application/json; charset=utf-8', 'json'), ['text', 'json', 'hex']);
    assert.deepEqual(bodyModes('text/plain', 'text'), ['text', 'json', 'hex']);
    assert.deepEqual(bodyModes('image/png', 'image'), ['text', 'image', 'hex']);
    // The engine calls SVG text (it is markup); the page may still preview it, inside an <img> only.
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    assert.equal(bodyKind('image/svg+xml', svg), 'text');
    assert.deepEqual(bodyModes('Image/SVG+XML', bodyKind('image/svg+xml', svg)), ['text', 'json', 'image', 'hex']);
    assert.deepEqual(bodyModes('application/octet-stream', 'binary'), ['text', 'hex']);
    // A PNG served as octet-stream is sniffed as an image by the engine, and previewed.
    assert.deepEqual(bodyModes('application/octet-stream', 'image'), ['text', 'image', 'hex']);
  });

  it('opens a body in the mode its kind says: JSON pretty, images previewed (SVG too), binary as hex, the rest as text', () => {
    assert.equal(defaultMode('application/problem+json', 'json'), 'json');
    assert.equal(defaultMode('image/gif', 'image'), 'image');
    assert.equal(defaultMode('image/svg+xml; charset=utf-8', 'text'), 'image');
    assert.equal(defaultMode('application/octet-stream', 'binary'), 'hex');
    assert.equal(defaultMode('text/html', 'text'), 'text');
    assert.equal(mediaType(' Text/HTML ; charset=utf-8'), 'text/html');
  });

  it('pretty-prints JSON by two spaces; says why text is not JSON in one short line, without the body quoted', () => {
    assert.deepEqual(prettyJson('{"a":[1,{"b":null}],"c":"é"}'), { ok: true, text: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": "é"\n}' });
    const deflated = zlib.deflateSync(Buffer.from('{"name":"fixture"}')).toString('latin1');
    const bad = prettyJson(deflated);
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error, "Unexpected token 'x'");
    }
    // A body that starts with a control byte: the token V8 names is blanked, the line stays one line.
    const control = prettyJson('\u0001\n{}');
    assert.ok(!control.ok && control.error.startsWith('Unexpected token') && [...control.error].every((c) => c >= ' '), JSON.stringify(control));
    const cut = prettyJson('{"a": [1, 2');
    assert.ok(!cut.ok && /^(Expected|Unexpected end)/.test(cut.error), JSON.stringify(cut));
  });

  it('hex dump: tshark follow layout, 16 bytes a line, offsets from the window start, the short last line padded', () => {
    const bytes = Buffer.from('GET /big HTTP/1.1\r\n');
    assert.deepEqual(hexDump(bytes, 0).split('\n'), [
      '00000000  47 45 54 20 2f 62 69 67  20 48 54 54 50 2f 31 2e   GET /big HTTP/1.',
      '00000010  31 0d 0a                                           1..',
    ]);
    // A later window: offsets continue from where it starts in the body.
    assert.equal(hexDump([0xff], 0x10000), `00010000  ff${' '.repeat(49)}.`);
    assert.equal(hexDump([], 0), '');
  });

  it("image preview: the declared image type, else the bytes' magic; a data: URL that holds the bytes exactly", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(imageMime('image/png', png), 'image/png');
    assert.equal(imageMime('application/octet-stream', png), 'image/png');
    assert.equal(imageMime('', Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.equal(imageMime('image/svg+xml', Buffer.from('<svg')), 'image/svg+xml');
    assert.equal(imageMime('text/plain', Buffer.from('hello')), 'application/octet-stream');
    // Larger than one String.fromCharCode slice (32 KiB): every byte survives the round trip.
    const big = fs.readFileSync(path.join(ROOT, 'test/fixtures/http-objects.pcap'));
    const url = dataUrl('image/png', new Uint8Array(big));
    assert.ok(url.startsWith('data:image/png;base64,'));
    assert.ok(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').equals(big));
  });
});
