import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { httpStartCode } from '../../../src/core/decode/http';
import { DiagnosisContext } from '../../../src/core/diagnosis/context';
import { httpExchanges } from '../../../src/core/diagnosis/httpExchanges';
import { buildTcpFlows } from '../../../src/core/flows/tcpConversations';
import { HTTP_BAD_STATUS, HTTP_NO_START, HTTP_REQUEST } from '../../../src/core/index/httpStarts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('HTTP exchanges from the start lines judged at indexing', () => {
  it('httpStartCode: a request, a status, a status that is no number, a line without its CRLF', () => {
    assert.equal(httpStartCode(bytes('GET /x HTTP/1.1\r\nHost: a\r\n\r\n'), 0, 28), HTTP_REQUEST);
    assert.equal(httpStartCode(bytes('HTTP/1.1 503 Service Unavailable\r\n'), 0, 34), 503);
    assert.equal(httpStartCode(bytes('HTTP/1.1 OK\r\n'), 0, 13), HTTP_BAD_STATUS);
    assert.equal(httpStartCode(bytes('GET /x HTTP/1.1'), 0, 15), HTTP_NO_START, 'the start line goes on in the next segment');
    assert.equal(httpStartCode(bytes('GETTING ready\r\n'), 0, 15), HTTP_NO_START);
  });

  it('pairs requests and responses without re-reading the file; a text is read only when asked for', async () => {
    const capture = await openCaptureFile('test/fixtures/http-errors.pcap');
    const { extras, verdicts } = analyzeCapture(capture);
    const flows = buildTcpFlows(capture, extras);
    const ctx = new DiagnosisContext(capture, flows, extras, verdicts);
    const read = capture.packetBytes.bind(capture);
    let reads = 0;
    capture.packetBytes = (i: number) => {
      reads++;
      return read(i);
    };
    const exchanges = flows.flatMap((f) => httpExchanges(ctx, f));
    const statuses = exchanges.map((x) => x.status);
    assert.ok(statuses.some((s) => s >= 500) && statuses.some((s) => s >= 400 && s < 500), `the fixture's error responses: ${statuses.join(' ')}`);
    assert.equal(reads, 0, 'statuses and packets come from the index');
    const bad = exchanges.find((x) => x.status >= 500)!;
    assert.match(bad.request, /^GET \//);
    assert.match(bad.statusLine, new RegExp(`^${bad.status} `));
    assert.equal(reads, 2, 'the request line and the status line of the one exchange asked about');
    capture.close();
  });
});
