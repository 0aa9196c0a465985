import { strict as assert } from 'node:assert';
import { FilterError } from '../../../src/core/filter/filterError';
import { parseIpv4Cidr, parseIpv6 } from '../../../src/core/filter/literals';
import { parseFilter } from '../../../src/core/filter/parser';

function errorOf(text: string): FilterError {
  try {
    parseFilter(text);
  } catch (e) {
    assert.ok(e instanceof FilterError, String(e));
    return e;
  }
  assert.fail(`expected '${text}' to be rejected`);
}

describe('display filter parser', () => {
  it('gives ! over && over || and honours parentheses', () => {
    assert.deepEqual(parseFilter('a || b && !c'), {
      kind: 'or',
      left: { kind: 'exists', field: 'a', pos: 0 },
      right: { kind: 'and', left: { kind: 'exists', field: 'b', pos: 5 }, right: { kind: 'not', pos: 10, operand: { kind: 'exists', field: 'c', pos: 11 } } },
    });
    const grouped = parseFilter('(a || b) && c');
    assert.equal(grouped?.kind, 'and');
  });

  it('accepts the word forms of operators (and, or, not, eq, ne, gt, lt, ge, le, contains)', () => {
    const n = parseFilter('not tcp.port eq 80 and frame.len ge 60 or frame contains "x"');
    assert.equal(n?.kind, 'or');
  });

  it('keeps unquoted values as written for the compiler (addresses, CIDR, hex bytes)', () => {
    const n = parseFilter('ip.addr == 10.0.0.0/8');
    assert.deepEqual(n, { kind: 'compare', field: 'ip.addr', pos: 0, op: '==', value: { kind: 'word', text: '10.0.0.0/8', pos: 11 } });
    const v6 = parseFilter('ipv6.addr==fe80::1');
    assert.equal(v6?.kind === 'compare' && v6.value.text, 'fe80::1');
  });

  it('parses quoted strings with escapes and sets with in { }', () => {
    const s = parseFilter('frame contains "a\\"b\\x41"');
    assert.equal(s?.kind === 'compare' && s.value.text, 'a"bA');
    const set = parseFilter('tcp.port in {80 443}');
    assert.equal(set?.kind === 'in' && set.values.length, 2);
  });

  it('an empty filter is no filter', () => {
    assert.equal(parseFilter('   '), undefined);
  });

  it('reports the position of each syntax error', () => {
    assert.deepEqual([errorOf('tcp.port ==').position, errorOf('tcp.port ==').message], [11, "Expected a value after '==', found the end of the filter"]);
    assert.equal(errorOf('(tcp && udp').position, 11);
    assert.match(errorOf('(tcp && udp').message, /Expected '\)'/);
    assert.equal(errorOf('tcp & udp').position, 4);
    assert.equal(errorOf('tcp.port = 80').position, 9);
    assert.equal(errorOf('tcp udp').position, 4);
    assert.match(errorOf('tcp udp').message, /missing && or \|\|/);
    assert.equal(errorOf('frame contains "abc').position, 15);
    assert.equal(errorOf('tcp && ').position, 7);
    assert.match(errorOf('10.0.0.1').message, /is a value, not a field name/);
    assert.equal(errorOf('tcp.port in {80').position, 15);
    assert.equal(errorOf('tcp.port == 80 )').position, 15);
  });
});

describe('display filter literals', () => {
  it('parses IPv4 addresses and CIDR blocks, rejecting out-of-range parts', () => {
    assert.deepEqual(parseIpv4Cidr('10.1.2.3'), { value: 0x0a010203, prefix: 32 });
    assert.deepEqual(parseIpv4Cidr('192.168.0.0/16'), { value: 0xc0a80000, prefix: 16 });
    assert.equal(parseIpv4Cidr('256.1.1.1'), undefined);
    assert.equal(parseIpv4Cidr('1.1.1.1/33'), undefined);
  });

  it('parses IPv6 text forms (RFC 4291 §2.2)', () => {
    assert.deepEqual(parseIpv6('fd77::1'), [0xfd77, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parseIpv6('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(parseIpv6('::ffff:10.0.0.1'), [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    assert.deepEqual(parseIpv6('1:2:3:4:5:6:7:8'), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(parseIpv6('1::2::3'), undefined);
    assert.equal(parseIpv6('1:2:3'), undefined);
    assert.equal(parseIpv6('12345::'), undefined);
  });
});
