import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Finding } from '../../../src/core/diagnosis/finding';
import type { FlowSummary } from '../../../src/core/flows/flowTypes';
import { FlowList } from '../../../src/extension/worker/flowList';
import type { FlowSort, FlowView } from '../../../src/protocol';
import { FIXTURES } from '../golden/tsharkGolden';

const FILES = [
  'founding-tsecr.pcap',
  'http-ipv4.pcap',
  'loss.pcap',
  'refused.pcap',
  'linger0.pcap',
  'zero-window.pcap',
  'no-answer.pcap',
  'udp-unreachable.pcap',
];

/**
 * The flows and findings of several real captures as one list (streams renumbered per file so
 * they stay distinct), which is what the Flows tab pages through.
 */
async function realFlows(): Promise<{ flows: FlowSummary[]; findings: Finding[] }> {
  const flows: FlowSummary[] = [];
  const findings: Finding[] = [];
  let base = 0;
  for (const f of FILES) {
    const cap = await openCaptureFile(path.join(FIXTURES, f));
    const a = analyzeCapture(cap);
    flows.push(...a.flows.map((x) => ({ ...x, stream: x.stream + base })));
    findings.push(...a.findings.map((x) => ({ ...x, streams: x.streams.map((s) => s + base) })));
    base += 1000;
    cap.close();
  }
  return { flows, findings };
}

const total = (f: FlowView) => f.bytes.client + f.bytes.server;

describe('FlowList: the Flows tab pages and sorts flows in the worker', () => {
  let flows: FlowSummary[];
  let findings: Finding[];
  before(async () => ({ flows, findings } = await realFlows()));

  it('pages in stream order by default: TCP, then UDP, then ICMP, each by stream number', () => {
    const list = new FlowList(flows, findings);
    assert.equal(list.count, flows.length);
    assert.ok(list.count >= 10, `several flows (${list.count})`);
    const sort: FlowSort = { key: 'stream', descending: false };
    const all = list.window(sort, 0, list.count);
    const rank = { tcp: 0, udp: 1, icmp: 2 };
    for (let k = 1; k < all.length; k++) {
      const a = all[k - 1],
        b = all[k];
      assert.ok(
        rank[a.transport] < rank[b.transport] || (a.transport === b.transport && a.stream < b.stream),
        `${a.transport} ${a.stream} before ${b.transport} ${b.stream}`,
      );
    }
    // A window is the same slice of that order, and carries no handshake detail.
    assert.deepEqual(list.window(sort, 2, 3), all.slice(2, 5));
    assert.equal('handshake' in all[0] || 'options' in all[0], false);
    assert.deepEqual(list.window(sort, list.count - 1, 50).length, 1);
  });

  it('sorts by bytes (largest first), keeping ties in stream order, and finds a flow in that order', () => {
    const list = new FlowList(flows, findings);
    const sort: FlowSort = { key: 'bytes', descending: true };
    const all = list.window(sort, 0, list.count);
    for (let k = 1; k < all.length; k++) assert.ok(total(all[k - 1]) >= total(all[k]), 'bytes never grow down the list');
    const biggest = flows.reduce((m, f) => (f.bytes.client + f.bytes.server > m.bytes.client + m.bytes.server ? f : m));
    assert.equal(all[0].stream, biggest.stream);
    const pick = all[Math.floor(all.length / 2)];
    assert.equal(list.positionOf(sort, pick.transport, pick.stream), Math.floor(all.length / 2));
    assert.equal(list.positionOf(sort, 'tcp', 999_999), -1);
  });

  it('counts the findings that name each TCP stream and sorts the worst first', () => {
    const list = new FlowList(flows, findings);
    const all = list.window({ key: 'findings', descending: true }, 0, list.count);
    const founding = all.find((f) => f.transport === 'tcp' && f.stream === 0)!;
    const named = findings.filter((f) => f.streams.includes(0));
    assert.equal(founding.findings, named.length);
    assert.equal(founding.worst, 'error', 'the TSecr mismatch is an error');
    assert.equal(all[0].worst, 'error');
    const rank = (f: FlowView) => (f.worst === 'error' ? 3 : f.worst === 'warning' ? 2 : f.worst === 'info' ? 1 : 0);
    for (let k = 1; k < all.length; k++) assert.ok(rank(all[k - 1]) >= rank(all[k]));
    assert.ok(
      all.some((f) => f.findings === 0 && f.worst === undefined),
      'clean flows have no mark',
    );
  });

  it('sorts endpoints numerically (10.0.0.9 before 10.0.0.10) and iRTT with unmeasured flows last', () => {
    const list = new FlowList(flows, findings);
    const clients = list.window({ key: 'client', descending: false }, 0, list.count).map((f) => f.client);
    // IPv4 endpoints in numeric order (address, then port), then the IPv6 ones.
    const v4 = clients.filter((c) => /^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(c));
    assert.ok(v4.length > 0 && clients.length > v4.length, 'both families are in the fixtures');
    assert.deepEqual(clients.slice(0, v4.length), v4, 'IPv4 first');
    const tuple = (c: string) => [...c.split(/[.:]/).map(Number), 0].slice(0, 5);
    for (let k = 1; k < v4.length; k++) {
      const [a, b] = [tuple(v4[k - 1]), tuple(v4[k])];
      const d = a.map((x, j) => x - b[j]).find((x) => x !== 0) ?? 0;
      assert.ok(d <= 0, `${v4[k - 1]} before ${v4[k]}`);
    }
    const irtt = list.window({ key: 'irtt', descending: false }, 0, list.count).map((f) => f.irtt);
    const measured = irtt.filter((x) => x !== undefined) as number[];
    assert.ok(measured.length > 0);
    assert.deepEqual(
      irtt.slice(0, measured.length),
      [...measured].sort((a, b) => a - b),
    );
    assert.ok(irtt.slice(measured.length).every((x) => x === undefined));
  });
});
