import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { relativeSeqAck } from '../../../src/core/summary/tcpInfo';
import { repeatCapture } from '../../support/repeatCapture';

describe('relative sequence numbers on a connection reused many times', () => {
  it('each SYN/ACK with a new ISN counts from itself, whichever of 1,000 rebases precedes it (binary search)', () => {
    // The founding case repeated: the same 4-tuple, every copy a new server ISN (tshark 4.0 rebases there).
    const cap = openCaptureBytes(repeatCapture(fs.readFileSync(path.join(__dirname, '../../fixtures/founding-tsecr.pcap')), 200));
    const ix = cap.index;
    let synAcks = 0;
    for (let i = 0; i < ix.count; i++) {
      if ((ix.flags[i] & 0x0fff) !== 0x012) continue;
      synAcks++;
      assert.equal(relativeSeqAck(ix, i).seq, 0, `SYN/ACK frame ${i + 1}`);
      assert.equal(relativeSeqAck(ix, i).ack, 1, `SYN/ACK frame ${i + 1} acknowledges the SYN`);
    }
    assert.equal(synAcks, 200 * 6);
    cap.close();
  });
});
