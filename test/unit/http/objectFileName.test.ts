import { strict as assert } from 'node:assert';
import { dispositionFileName, objectFileName, sanitizeFileName, uniqueFileName } from '../../../src/core/http/objectFileName';

describe('Export Objects file names: safe on every file system, whatever the server says', () => {
  it('takes the last path segment of the URI, decoded, without query', () => {
    assert.equal(objectFileName('/images/logo.png?v=3', undefined), 'logo.png');
    assert.equal(objectFileName('http://proxy.example/a/b.js#x', undefined), 'b.js');
    assert.equal(objectFileName('/', undefined, 'www.example.test'), 'www.example.test');
  });

  it('never leaves the folder: traversal in the URI (also percent-encoded) or in Content-Disposition keeps only the last part', () => {
    assert.equal(objectFileName('/x/..%2F..%2Fetc%2Fpasswd', undefined), 'passwd');
    assert.equal(objectFileName('/a', 'attachment; filename="../../etc/passwd"'), 'passwd');
    assert.equal(objectFileName('/a', 'attachment; filename="..\\\\..\\\\win.ini"'), 'win.ini');
    assert.equal(objectFileName('/..', undefined), 'object');
    assert.equal(objectFileName('/%2e%2e', undefined), 'object');
  });

  it('prefers filename* (RFC 8187) over filename', () => {
    assert.equal(dispositionFileName(`attachment; filename="plain.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`), 'résumé.pdf');
    assert.equal(dispositionFileName('inline; filename=data.csv'), 'data.csv');
    assert.equal(dispositionFileName('inline'), undefined);
  });

  it('renames Windows device names, replaces forbidden and control characters, trims trailing dots, bounds the length', () => {
    assert.equal(sanitizeFileName('CON'), '_CON');
    assert.equal(sanitizeFileName('lpt1.txt'), '_lpt1.txt');
    assert.equal(sanitizeFileName('a<b>:c"d|e?f*g\u0000h\u001b.txt'), 'a_b__c_d_e_f_g_h_.txt');
    assert.equal(sanitizeFileName('name. . .'), 'name');
    const long = sanitizeFileName(`${'x'.repeat(5000)}.png`);
    assert.equal(long.length, 80);
    assert.ok(long.endsWith('.png'));
  });

  it('makes names unique like Wireshark: a(1).txt, a(2).txt', () => {
    const taken = new Set(['a.txt', 'a(1).txt', 'noext']);
    assert.equal(
      uniqueFileName('a.txt', (n) => taken.has(n)),
      'a(2).txt',
    );
    assert.equal(
      uniqueFileName('noext', (n) => taken.has(n)),
      'noext(1)',
    );
    assert.equal(
      uniqueFileName('free.bin', (n) => taken.has(n)),
      'free.bin',
    );
  });
});
