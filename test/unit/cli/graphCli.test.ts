import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as sax from 'sax';
import { FIX, runCli as run } from './runCli';

interface ParsedSvg {
  root: string;
  title: string;
  /** data-series name → data-points. */
  series: Map<string, number>;
  legend: string[];
  elements: Set<string>;
  attributes: string[];
}

/** Parses the file as strict XML (sax throws on anything not well-formed) and collects what the tests look at. */
function parseSvg(text: string): ParsedSvg {
  const parser = sax.parser(true, { xmlns: false });
  const out: ParsedSvg = { root: '', title: '', series: new Map(), legend: [], elements: new Set(), attributes: [] };
  let inTitle = false;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (node) => {
    if (!out.root) out.root = node.name;
    out.elements.add(node.name);
    const attrs = node.attributes as Record<string, string>;
    out.attributes.push(...Object.keys(attrs));
    if (attrs['data-series'] !== undefined) out.series.set(attrs['data-series'], Number(attrs['data-points']));
    if (attrs['data-legend'] !== undefined) out.legend.push(attrs['data-legend']);
    inTitle = node.name === 'title';
  };
  parser.ontext = (t) => {
    if (inTitle) out.title += t;
  };
  parser.onclosetag = () => {
    inTitle = false;
  };
  parser.write(text).close();
  return out;
}

describe('pcap-inspector graph', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-graph-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(FIX, 'loss.pcap');

  // loss.pcap stream 0 (server → client, tshark): 219 segments, 1 retransmission, 8 out of order,
  // 122 ACKs, 179 SACK blocks, 35 ACKs with an ack_rtt, 217 segments with bytes in flight.
  const expected: Record<string, { title: RegExp; series: Record<string, number> }> = {
    stevens: { title: /Stevens/, series: { segments: 219, retransmissions: 1, 'out of order': 8 } },
    tcptrace: {
      title: /tcptrace/,
      series: { segments: 219, ACK: 122, 'receive window': 122, SACK: 179, retransmissions: 1, 'out of order': 8, 'zero window': 0 },
    },
    throughput: { title: /Throughput/, series: {} },
    rtt: { title: /Round-trip/, series: { 'ACK RTT': 35 } },
    window: { title: /Window/, series: { 'bytes in flight': 217, 'receive window': 122 } },
  };

  for (const [type, want] of Object.entries(expected)) {
    it(`--type ${type} writes a well-formed, self-contained SVG with its series`, () => {
      const out = path.join(dir, `${type}.svg`);
      const r = run('graph', file, '--stream', '0', '--type', type, '-o', out);
      assert.equal(r.code, 0, r.err);
      const text = fs.readFileSync(out, 'utf8');
      const svg = parseSvg(text);
      assert.equal(svg.root, 'svg');
      assert.match(svg.title, want.title);
      for (const [name, points] of Object.entries(want.series)) assert.equal(svg.series.get(name), points, `${type}: series ${name}`);
      // Nothing that runs or loads: no script, no event handler, no external reference.
      assert.ok(!svg.elements.has('script') && !svg.elements.has('image') && !svg.elements.has('foreignObject'));
      assert.ok(!svg.attributes.some((a) => a.startsWith('on') || a === 'href' || a === 'xlink:href'));
      // Theme colours with light fallbacks.
      assert.match(text, /var\(--vscode-editor-background, ?#[0-9a-f]{6}\)/);
      // The legend names the series that have points.
      for (const [name, points] of svg.series) assert.equal(svg.legend.includes(name), points > 0, `${type}: legend ${name}`);
    });
  }

  it('throughput: a per-interval series and its moving average', () => {
    const out = path.join(dir, 'tp.svg');
    assert.equal(run('graph', file, '--stream', '0', '--type', 'throughput', '-o', out).code, 0);
    const names = [...parseSvg(fs.readFileSync(out, 'utf8')).series.keys()];
    assert.deepEqual(
      names.map((n) => n.replace(/[\d.]+ m?s/g, 'W')),
      ['per W', 'moving average (5 × W)'],
    );
  });

  it('--direction client draws the other side; a missing stream or option is an error', () => {
    const out = path.join(dir, 'client.svg');
    assert.equal(run('graph', file, '--stream', '0', '--type', 'stevens', '--direction', 'client', '-o', out).code, 0);
    const svg = parseSvg(fs.readFileSync(out, 'utf8'));
    assert.notEqual(svg.series.get('segments'), 219);
    assert.equal(run('graph', file, '--stream', '7', '--type', 'rtt', '-o', out).code, 1);
    assert.equal(run('graph', file, '--stream', '0', '-o', out).code, 2);
    assert.equal(run('graph', file, '--stream', '0', '--type', 'pie', '-o', out).code, 2);
    assert.equal(run('graph', file, '--stream', '0', '--type', 'rtt').code, 2);
  });
});
