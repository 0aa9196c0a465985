import { strict as assert } from 'node:assert';
import { niceScale, niceStep, tickLabel } from '../../../src/core/graphs/niceTicks';
import { renderSvgChart } from '../../../src/core/graphs/svgChart';

describe('chart axes: 1-2-5 ticks', () => {
  it('steps of 1, 2 or 5 × 10^k at or above the raw step', () => {
    assert.deepEqual([0.013, 0.02, 0.021, 0.3, 7, 4500].map(niceStep), [0.02, 0.02, 0.05, 0.5, 10, 5000]);
  });

  it('widens the range to the ticks around the data, ticks exact (no 0.30000000000000004)', () => {
    const s = niceScale(0.0097, 0.082, 6);
    assert.deepEqual(s, { min: 0, max: 0.1, step: 0.02, ticks: [0, 0.02, 0.04, 0.06, 0.08, 0.1] });
    assert.deepEqual(niceScale(0.1, 0.7, 7).ticks, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('tight: the range stays the data and only ticks inside it are kept', () => {
    const s = niceScale(0.0097, 0.082, 6, true);
    assert.equal(s.min, 0.0097);
    assert.equal(s.max, 0.082);
    assert.deepEqual(s.ticks, [0.02, 0.04, 0.06, 0.08]);
  });

  it('one value or no data still gives a range', () => {
    assert.deepEqual(niceScale(5, 5).ticks.length > 1, true);
    assert.deepEqual(niceScale(0, 0).ticks.includes(0), true);
    assert.deepEqual(niceScale(NaN, Infinity).ticks.includes(0), true);
  });

  it('labels: SI prefixes for large steps, as many decimals as the step needs', () => {
    assert.equal(tickLabel(300000, 100000), '300k');
    assert.equal(tickLabel(12_500_000, 2_500_000), '12.5M');
    assert.equal(tickLabel(1500, 500), '1500');
    assert.equal(tickLabel(0.04, 0.02), '0.04');
    assert.equal(tickLabel(0, 0.02), '0');
  });
});

describe('renderSvgChart', () => {
  it('escapes names from a capture in the title, labels and series', () => {
    const svg = renderSvgChart({
      title: 'a <script>alert(1)</script> & "b"',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: '<img onerror=x>', kind: 'dots', color: 'blue', x: [1, 2], y: [3, 4] }],
    });
    assert.ok(!svg.includes('<script>') && !svg.includes('<img'));
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;b&quot;/);
    assert.match(svg, /data-series="&lt;img onerror=x&gt;"/);
  });

  it('draws each kind as one path in the plot area: dots, steps, vertical bars', () => {
    const svg = renderSvgChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      width: 200,
      height: 200,
      series: [
        { name: 'd', kind: 'dots', color: 'blue', x: [0, 10], y: [0, 10] },
        { name: 's', kind: 'step', color: 'green', x: [0, 10], y: [0, 10] },
        { name: 'v', kind: 'vbars', color: 'red', x: [5], y: [2], y2: [8] },
      ],
    });
    const path = (name: string) => new RegExp(`data-series="${name}" data-points="\\d+"><path [^>]*d="([^"]*)"`).exec(svg)![1];
    // Plot area: x 72..176, y 64..144 (margins 72/24/64/56); x spans the data ±2 %, y the ticks 0..10.
    assert.match(path('d'), /^M74 144h0M174 64h0$/);
    assert.match(path('s'), /^M74 144H174V64$/);
    assert.match(path('v'), /^M124 128V80$/);
    // Colours are the theme's chart colours with light fallbacks.
    assert.match(svg, /stroke="var\(--vscode-charts-blue, #1a85ff\)"/);
  });
});
