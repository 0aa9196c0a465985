import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { tcpFlowDetail } from '../../../src/core/flows/tcpConversations';
import { FIXTURES } from '../golden/tsharkGolden';

const captures = fs.readdirSync(FIXTURES).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f));

describe("the editor analysis: flows without detail, the detail made from one conversation's own packets", () => {
  for (const file of captures) {
    it(`${file}: every TCP flow's detail, made from its own packets, equals the full analysis`, async () => {
      const full = analyzeCapture(await openCaptureFile(path.join(FIXTURES, file)));
      const cap = await openCaptureFile(path.join(FIXTURES, file));
      const lean = analyzeCapture(cap, { flowDetail: false });
      assert.equal(lean.flows.length, full.flows.length);
      assert.deepEqual(lean.findings, full.findings, 'the findings do not depend on the detail');
      for (const [k, f] of full.flows.entries()) {
        const { handshake, options, ...rest } = f;
        assert.deepEqual(lean.flows[k], rest, 'the lean flow is the full one without handshake and options');
        if (f.transport !== 'tcp') continue;
        assert.ok(handshake || options || f.outcome === 'midstream', `${file} stream ${f.stream} has detail`);
        const lf = lean.flows[k];
        assert.deepEqual(
          { ...lf, ...tcpFlowDetail(cap.index, lean.extras, lf.stream, lean.verdicts.ref(lf.stream)!.clientDir) },
          f,
          `${file} stream ${f.stream}`,
        );
      }
      cap.close();
    });
  }
});
