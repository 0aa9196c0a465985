import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { causeTotals, fieldTable, fieldTotals, headline, rateOf } from './publicFields/agreementReport';
import { CONTRACT_FIELDS } from './publicFields/contractFields';
import { DEVIATION_CLASSES } from './publicFields/deviationClasses';
import { runPublicFieldAgreement } from './publicFields/runAgreement';
import { tsharkVersion } from './publicFields/tsharkFieldCache';

const ROOT = path.resolve(__dirname, '../../..');
const PUBLIC = path.resolve(ROOT, '../shared/captures/public');
const CACHE = path.join(ROOT, '.test-tmp/tshark-public-fields');

/** Issue 10's target: every contract field agrees with tshark on ≥ 99.9 % of the packets. */
const TARGET = 0.999;

/**
 * What the engine achieves on the public captures (first main at e7ebfef; raised by issue10-fidelity:
 * capture pseudo-headers, ERF time, IGMP/PIM/NAT-T names, IPv6 jumbograms; by issue10-links2: ARCNET,
 * IPNET, PKTAP, CLIP, Juniper, tshark's TCP rules for the Protocol column), rounded down to 0.01 %: a field
 * may not fall below its floor. Raise a floor when a decoder lifts the rate; lower one only with the reason
 * in the commit.
 */
const FLOORS: Record<string, number> = {
  'frame.number': 1,
  'frame.time_epoch': 1,
  'frame.len': 0.9999,
  'frame.cap_len': 1,
  src: 0.9999,
  dst: 0.9999,
  protocol: 0.9998,
  'tcp.srcport': 1,
  'tcp.dstport': 1,
  'tcp.stream': 1,
  'tcp.flags': 1,
  'tcp.seq': 1,
  'tcp.ack': 1,
  'tcp.seq_raw': 1,
  'tcp.ack_raw': 1,
  'tcp.window_size_value': 1,
  'tcp.len': 1,
  'tcp.options.mss_val': 1,
  'tcp.options.wscale.shift': 1,
  'tcp.options.sack_perm': 1,
  'tcp.options.timestamp.tsval': 1,
  'tcp.options.timestamp.tsecr': 1,
  'udp.srcport': 0.9999,
  'udp.dstport': 0.9999,
  'udp.length': 0.9999,
};

/** The rate each field must reach. When issue 10 is done, this line becomes `= () => TARGET;`. */
const required = (field: string): number => FLOORS[field];

/**
 * `packets --json` against tshark 4.0 on every public capture tshark reads (the files stay in
 * ../shared/captures/public, never copied here). The mapping of each contract field to tshark's and
 * how "absent" compares: publicFields/contractFields.ts; the accepted deviations and their reasons:
 * publicFields/deviationClasses.ts. test/fixtures/tools/public-field-agreement.ts prints the same
 * comparison in full (per file, example frames, causes).
 */
describe('packets --json agrees with tshark, field by field, on the public captures', () => {
  it(`no crash or hang; every contract field at its floor (target ${TARGET * 100} %); each listed deviation class still occurs`, async function () {
    // tshark's output is cached by file hash + version: the first run in a checkout fills it (minutes), later runs read it.
    this.timeout(30 * 60_000);
    if (!fs.existsSync(PUBLIC)) {
      console.log(`    SKIP public field agreement: ${PUBLIC} is absent`);
      this.skip();
    }
    const tshark = tsharkVersion();
    if (!tshark) {
      console.log('    SKIP public field agreement: tshark is not installed (apt-get install -y tshark)');
      this.skip();
    }
    let misses = 0;
    const run = await runPublicFieldAgreement({
      publicDir: PUBLIC,
      cacheDir: CACHE,
      tshark,
      fileTimeoutMs: 60_000,
      examplesPerField: 1,
      onTshark: () => {
        if (misses++ === 0) console.log(`      running tshark on the captures not in ${path.relative(ROOT, CACHE)} yet…`);
      },
    });
    console.log(
      `      ${headline(run)}\n${fieldTable(run)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );

    assert.deepEqual(
      run.files.filter((f) => f.crash).map((f) => `${f.file}: ${f.hang ? 'hang' : 'crash'}: ${f.crash}`),
      [],
    );

    const totals = fieldTotals(run);
    const below: string[] = [];
    for (const f of CONTRACT_FIELDS) {
      const rate = rateOf(totals.get(f.name)!);
      if (rate >= required(f.name)) continue;
      const causes = causeTotals(run).filter((c) =>
        c.key
          .split(' | ')[3]
          .split(',')
          .some((x) => x === f.name || (x.endsWith('.*') && f.name.startsWith(x.slice(0, -1)))),
      );
      below.push(
        `${f.name}: ${(100 * rate).toFixed(3)} % < ${(100 * required(f.name)).toFixed(2)} %; top causes:\n` +
          causes
            .slice(0, 3)
            .map((c) => `  ${c.packets} pkts: ${c.key} (e.g. ${c.examples[0].file} #${c.examples[0].frame}: ${c.examples[0].detail})`)
            .join('\n'),
      );
    }
    assert.ok(
      below.length === 0,
      `a field fell below its floor (npx tsx test/fixtures/tools/public-field-agreement.ts shows every disagreement):\n${below.join('\n')}`,
    );

    const seen = new Set<string>(run.files.flatMap((f) => (f.excluded ? [f.excluded] : [])));
    for (const t of totals.values()) for (const k of Object.keys(t.listed)) seen.add(k);
    assert.deepEqual(
      Object.keys(DEVIATION_CLASSES).filter((k) => !seen.has(k)),
      [],
      'a listed deviation class that no longer happens is taken off the list',
    );
  });
});
