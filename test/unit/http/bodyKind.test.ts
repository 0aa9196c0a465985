import { strict as assert } from 'node:assert';
import { bodyKind } from '../../../src/core/http/bodyKind';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('how a body is shown: JSON, image, text or hex', () => {
  it('by the declared type first', () => {
    assert.equal(bodyKind('application/json; charset=utf-8', bytes('{}')), 'json');
    assert.equal(bodyKind('application/problem+json', bytes('{}')), 'json');
    assert.equal(bodyKind('text/html', bytes('<p>')), 'text');
    assert.equal(bodyKind('image/png', bytes('\x89PNG\r\n\x1a\n')), 'image');
  });

  it('an image type whose bytes are not that image, and SVG, are not previewed as images', () => {
    assert.equal(bodyKind('image/png', bytes('<script>alert(1)</script>')), 'text');
    assert.equal(bodyKind('image/svg+xml', bytes('<svg onload="x()"/>')), 'text');
  });

  it('by the bytes when the type does not say: text (UTF-8, even cut inside a character) or binary', () => {
    assert.equal(bodyKind('application/octet-stream', bytes('plain words\n')), 'text');
    assert.equal(bodyKind('', Uint8Array.from([...Buffer.from('café')].slice(0, 4))), 'text');
    assert.equal(bodyKind('', Uint8Array.from([0, 1, 2, 200, 3])), 'binary');
    assert.equal(bodyKind('', bytes('GIF89a....')), 'image');
  });
});
