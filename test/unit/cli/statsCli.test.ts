import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { FIX, runCli as run } from './runCli';

describe('pcap-inspector stats', () => {
  it('--endpoints tcp --json prints the documented array, port for TCP', () => {
    const r = run('stats', path.join(FIX, 'http-ipv4.pcap'), '--endpoints', 'tcp', '--json');
    assert.equal(r.code, 0, r.err);
    const list = JSON.parse(r.out);
    assert.deepEqual(Object.keys(list[0]), ['address', 'port', 'packets', 'bytes', 'txPackets', 'txBytes', 'rxPackets', 'rxBytes']);
    // tshark -z endpoints,tcp on this file: 10.77.0.1:36526 47 packets, 24646 bytes, tx 24/1847, rx 23/22799.
    assert.deepEqual(list[0], { address: '10.77.0.1', port: 36526, packets: 47, bytes: 24646, txPackets: 24, txBytes: 1847, rxPackets: 23, rxBytes: 22799 });
  });

  it('--endpoints ip has no port', () => {
    const r = run('stats', path.join(FIX, 'http-ipv4.pcap'), '--endpoints', 'ip', '--json');
    assert.equal(r.code, 0, r.err);
    assert.ok(!('port' in JSON.parse(r.out)[0]));
  });

  it('--io S -Y F --json prints { interval, rows: [{ start, packets, bytes, filters }] } from the first packet', () => {
    const r = run('stats', path.join(FIX, 'loss.pcap'), '--io', '0.01', '-Y', 'tcp.analysis.retransmission', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.interval, 0.01);
    // tshark -z io,stat,0.01,,tcp.analysis.retransmission: 9 rows, 0.04–0.05 holds 67 frames / 64294 bytes and the retransmission.
    assert.equal(j.rows.length, 9);
    assert.deepEqual(j.rows[4], { start: 0.04, packets: 67, bytes: 64294, filters: [{ filter: 'tcp.analysis.retransmission', packets: 1, bytes: 1514 }] });
  });

  it('--conversations udp prints a table with both directions', () => {
    const r = run('stats', path.join(FIX, 'http-ipv4.pcap'), '--conversations', 'udp');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^10\.77\.0\.1:33906\s+10\.77\.0\.2:53\s+1\s+76\s+1\s+92\s+2\s+168\s/m);
  });

  it('rejects a bad filter, a missing table and a table kind it does not know, with exit code 2', () => {
    const file = path.join(FIX, 'loss.pcap');
    const bad = run('stats', file, '--io', '1', '-Y', 'tcp.flags.syn ==');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /pcap-inspector: /);
    assert.equal(run('stats', file).code, 2);
    assert.match(run('stats', file, '--endpoints', 'sctp').err, /ip\|ipv6\|tcp\|udp/);
  });
});
