import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { captureFieldSource, compileFilter, filterPackets } from '../../../src/core/filter/compileFilter';
import { FilterError } from '../../../src/core/filter/filterError';
import { FIXTURES, goldenCaptures, readFieldsGolden, readTunnelGolden, skipPending } from '../golden/tsharkGolden';

const captures = new Map<string, Capture>();
async function open(name: string): Promise<Capture> {
  let c = captures.get(name);
  if (!c) captures.set(name, (c = await openCaptureFile(path.join(FIXTURES, name))));
  return c;
}

/** Frame numbers (1-based) the filter keeps. */
async function frames(name: string, filter: string): Promise<number[]> {
  const c = await open(name);
  const test = compileFilter(filter, captureFieldSource(c));
  if (!test) return Array.from({ length: c.index.count }, (_, i) => i + 1);
  return Array.from(filterPackets(test, c.index.count), (i) => i + 1);
}

async function compileError(name: string, filter: string): Promise<FilterError> {
  const c = await open(name);
  try {
    compileFilter(filter, captureFieldSource(c));
  } catch (e) {
    assert.ok(e instanceof FilterError, String(e));
    return e;
  }
  assert.fail(`expected '${filter}' to be rejected`);
}

describe('display filter evaluation over the packet index', () => {
  after(() => {
    for (const c of captures.values()) c.close();
  });

  it('founding case: the SYN/ACKs, the RSTs, and the bad TSecr by value (a slow, decoded field)', async () => {
    const f = 'founding-tsecr.pcap';
    assert.deepEqual(await frames(f, 'tcp.flags.syn == 1 && tcp.flags.ack == 1'), [4, 7, 10, 15, 18, 21]);
    assert.deepEqual(await frames(f, 'tcp.flags.reset == 1'), [5, 8, 11, 16, 19, 22]);
    assert.deepEqual(await frames(f, 'tcp.options.timestamp.tsecr == 2174718965'), [4, 7, 10, 15, 18, 21]);
    assert.deepEqual(await frames(f, 'arp'), [1, 2, 12, 13]);
    assert.deepEqual(await frames(f, '!tcp'), [1, 2, 12, 13]);
    assert.deepEqual(await frames(f, 'frame.number <= 3 || frame.number > 21'), [1, 2, 3, 22]);
    assert.deepEqual(await frames(f, 'frame.len == 54'), [5, 8, 11, 16, 19, 22]);
    assert.deepEqual(await frames(f, 'tcp.options.timestamp.tsval == 0'), [4, 7, 10, 15, 18, 21]);
  });

  it('addresses: exact, CIDR, src/dst, != as "none equal", and sets', async () => {
    const f = 'founding-tsecr.pcap';
    const tcpFrames = (await frames(f, 'tcp')).length;
    assert.equal((await frames(f, 'ip.addr == 10.77.2.2')).length, tcpFrames);
    assert.equal((await frames(f, 'ip.addr == 10.77.0.0/16')).length, tcpFrames);
    assert.deepEqual(await frames(f, 'ip.addr == 10.78.0.0/16'), []);
    assert.deepEqual(await frames(f, 'ip.src == 10.77.2.2'), [4, 7, 10, 15, 18, 21]);
    // Every TCP packet has 10.77.1.1 on one side: "!=" holds for none of them, and ARP has no ip.addr.
    assert.deepEqual(await frames(f, 'ip.addr != 10.77.1.1'), []);
    assert.deepEqual(await frames(f, 'ip.dst in {10.77.1.1 10.9.9.9}'), [4, 7, 10, 15, 18, 21]);
  });

  it('IPv6 addresses and ICMPv6 / DNS / UDP protocol tests', async () => {
    const f = 'http-ipv6.pcapng';
    assert.deepEqual((await frames(f, 'ipv6.src == fd77::2 && icmpv6')).slice(0, 2), [2, 4]);
    assert.deepEqual(await frames(f, 'dns'), [7, 8]);
    assert.deepEqual(await frames(f, 'udp && !dns'), []);
    assert.deepEqual(await frames(f, 'ipv6.addr == fd77::/16 && icmpv6.type == 128'), [3, 5]);
    assert.deepEqual(await frames(f, 'ip'), []);
    assert.deepEqual(await frames('udp-unreachable.pcap', 'icmp.type == 3 && icmp.code == 3'), [4, 10]);
  });

  it('contains searches payload bytes, as a string or as hex bytes', async () => {
    const f = 'http-ipv4.pcap';
    assert.deepEqual(await frames(f, 'tcp.payload contains "GET /big"'), [8]);
    assert.deepEqual(await frames(f, 'frame contains 47:45:54:20'), [8, 41, 46]);
    assert.deepEqual(await frames(f, 'http && frame contains "HTTP/1.1 200"'), [10, 42]);
    assert.deepEqual(await frames(f, 'udp.payload contains "www"'), [3, 4]);
  });

  it('agrees with tshark on port, stream, length and timestamp fields in every golden capture', async () => {
    const checks: Array<[string, (r: Record<string, string>) => boolean]> = [
      ['tcp.port == 80', (r) => r['tcp.srcport'] === '80' || r['tcp.dstport'] === '80'],
      ['tcp.stream == 1', (r) => r['tcp.stream'] === '1'],
      ['tcp.len > 0', (r) => r['tcp.len'] !== '' && Number(r['tcp.len']) > 0],
      ['udp.port == 53', (r) => r['udp.srcport'] === '53' || r['udp.dstport'] === '53'],
      ['tcp.options.timestamp.tsecr == 0', (r) => r['tcp.options.timestamp.tsecr'] === '0'],
      ['tcp.options.mss_val >= 1400', (r) => r['tcp.options.mss_val'] !== '' && Number(r['tcp.options.mss_val']) >= 1400],
      // tshark matches any occurrence: the fields golden has the last (innermost), the tunnel golden the first (outer).
      ['ip.src == 10.77.0.1', (r) => r['ip.src'] === '10.77.0.1' || r['outer.ip.src'] === '10.77.0.1'],
    ];
    for (const name of goldenCaptures()) {
      if (skipPending(name, 'filter')) continue; // issue 10: see PENDING_CAPTURES in tsharkGolden.ts
      const tunnels = readTunnelGolden(name);
      const golden = readFieldsGolden(name).map((r, k): Record<string, string> => ({ ...r, 'outer.ip.src': tunnels?.[k]['ip.src'] ?? '' }));
      for (const [filter, expect] of checks) {
        // Deliberate difference: tshark's fields also match the TCP/UDP header an ICMP error quotes;
        // the index describes the outer packet only, so ICMP rows are left out of the comparison.
        const outer = (r: Record<string, string>) => !r['_ws.col.Protocol'].startsWith('ICMP');
        const want = golden.filter((r) => outer(r) && expect(r)).map((r) => Number(r['frame.number']));
        const got = (await frames(name, filter)).filter((n) => outer(golden[n - 1]));
        assert.deepEqual(got, want, `${name}: ${filter}`);
      }
    }
  });

  it('rejects what it cannot evaluate, with the position and a hint', async () => {
    const f = 'founding-tsecr.pcap';
    const unknown = await compileError(f, 'tcp.prot == 80');
    assert.equal(unknown.position, 0);
    assert.equal(unknown.message, "Unknown field 'tcp.prot' (did you mean 'tcp.port'?)");
    const badIp = await compileError(f, 'ip.addr == 10.0.0.300');
    assert.equal(badIp.position, 11);
    assert.match(badIp.message, /not a valid IPv4 address/);
    assert.match((await compileError(f, 'tcp.flags.syn == 2')).message, /compare it with 0 or 1/);
    assert.match((await compileError(f, 'tcp.port == abc')).message, /not a valid number/);
    assert.match((await compileError(f, 'tcp.port contains "x"')).message, /'contains' needs a byte field/);
    assert.match((await compileError(f, 'tcp == 1')).message, /test it alone/);
    assert.match((await compileError(f, 'ip.addr > 10.0.0.1')).message, /only == and !=/);
  });

  it('filters a million rows of index with the compiled filter (the time is printed; speed targets live in npm run bench)', async () => {
    const c = await open('founding-tsecr.pcap');
    const test = compileFilter('tcp.port == 8080 && (tcp.flags.reset == 1 || ip.src == 10.77.2.2)', captureFieldSource(c))!;
    const n = c.index.count;
    const once = filterPackets(test, n).length;
    assert.ok(once > 0);
    const reps = Math.ceil(1_000_000 / n);
    const t0 = performance.now();
    let kept = 0;
    for (let rep = 0; rep < reps; rep++) kept += filterPackets(test, n).length;
    assert.equal(kept, once * reps, 'the same rows every time');
    console.log(`      filter over ${reps * n} rows: ${(performance.now() - t0).toFixed(0)} ms`);
  });
});
