import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CAPTURE_TOOLS } from '../../../src/core/assistant/captureTools';
import { CLI, FIX } from './runCli';

/** A packet row: frame number, then the time since the first packet. */
const ROW = /^\d+ +\d+\.\d{9} /;

/** `pcap-inspector mcp ROOT` driven by the SDK's own client over stdio, as Claude Code or Cursor would. */
describe('pcap-inspector mcp (Model Context Protocol server)', () => {
  let dir: string;
  let root: string;
  let client: Client;
  let stderr = '';

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build (npm test does)');
    // A root holding copies of real captures, a symlink leading out of it and a capture outside it.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-mcp-'));
    root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    for (const f of ['founding-tsecr.pcap', 'http-ipv4.pcap', 'dns-failures.pcap']) fs.copyFileSync(path.join(FIX, f), path.join(root, f));
    // The founding case seen from both sides of the middlebox (test/fixtures/compare).
    for (const f of ['founding-a.pcap', 'founding-b.pcap']) fs.copyFileSync(path.join(FIX, 'compare', f), path.join(root, f));
    fs.copyFileSync(path.join(FIX, 'refused.pcap'), path.join(dir, 'outside.pcap'));
    fs.symlinkSync(path.join(dir, 'outside.pcap'), path.join(root, 'sub', 'link-out.pcap'));
    fs.symlinkSync(path.join(root, 'http-ipv4.pcap'), path.join(root, 'sub', 'link-in.pcap'));
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root], stderr: 'pipe' });
    transport.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    client = new Client({ name: 'pcap-inspector-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    assert.equal(r.content.length, 1);
    const part = r.content[0];
    assert.equal(part.type, 'text');
    return { text: part.type === 'text' ? part.text : '', isError: r.isError === true };
  };
  const ok = async (name: string, args: Record<string, unknown>): Promise<string> => {
    const r = await call(name, args);
    assert.equal(r.isError, false, r.text);
    return r.text;
  };
  const refused = async (name: string, args: Record<string, unknown>): Promise<string> => {
    const r = await call(name, args);
    assert.equal(r.isError, true, `expected a tool error, got: ${r.text}`);
    return r.text;
  };

  it('initialize: names the server and offers tools', () => {
    assert.equal(client.getServerVersion()?.name, 'pcap-inspector');
    assert.ok(client.getServerCapabilities()?.tools);
  });

  it('tools/list: the seven capture tools with their schemas, all read-only, each taking path', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      ['pcap_summary', 'pcap_findings', 'pcap_packets', 'pcap_packet_detail', 'pcap_follow', 'pcap_flows', 'pcap_compare'],
    );
    for (const t of tools) {
      const def = CAPTURE_TOOLS.find((d) => d.name === t.name);
      assert.deepEqual(t.inputSchema, def?.inputSchema);
      assert.ok((t.inputSchema.required as string[]).includes('path'));
      assert.equal(t.annotations?.readOnlyHint, true);
      assert.ok((t.description ?? '').length > 100, `${t.name} has a description for a model`);
    }
  });

  it('pcap_summary: the founding case has 22 packets, one TCP conversation and the TSecr finding', async () => {
    const text = await ok('pcap_summary', { path: 'founding-tsecr.pcap' });
    assert.match(text, /^Packets: 22 \(/m);
    assert.match(text, /1 TCP conversation \(1 handshake-reset-by-client\)/);
    assert.match(text, /tcp stream 0: 10\.77\.1\.1:35034 → 10\.77\.2\.2:8080/);
    assert.match(text, /1\. \[error\] SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965, not the SYN's TSval 340731516.*\(evidence frames 3, 4, 5, 6\)/);
  });

  it('pcap_findings: explanation, evidence and the sysctl fix; absolute paths inside the root work too', async () => {
    const text = await ok('pcap_findings', { path: path.join(root, 'founding-tsecr.pcap') });
    assert.match(text, /^1 of 1 finding\.$/m);
    assert.match(text, /Rule tcp\.handshake\.tsecr-mismatch; confidence high; TCP stream 0; evidence frames 3, 4, 5, 6\./);
    assert.match(text, /RFC 7323 §3\.2/);
    assert.match(text, /- Disable TCP timestamps on the client \(net\.ipv4\.tcp_timestamps = 0\): net\.ipv4\.tcp_timestamps = 0 \(on the client\)/);
    assert.match(text, /^That is all of them \(1\)\.$/m);
  });

  it('pcap_packets: rows for a display filter, capped, with the next offset to ask for', async () => {
    const text = await ok('pcap_packets', { path: 'founding-tsecr.pcap', filter: 'tcp.flags.syn == 1 && tcp.flags.ack == 0', limit: 2 });
    const lines = text.split('\n');
    assert.equal(lines[0], '6 of 22 packets match the filter "tcp.flags.syn == 1 && tcp.flags.ack == 0".');
    const rows = lines.filter((l) => ROW.test(l));
    assert.deepEqual(
      rows.map((r) => r.split(' ')[0]),
      ['3', '6'],
    );
    assert.match(rows[0], /10\.77\.1\.1 → 10\.77\.2\.2\s+TCP .*\[SYN\]/);
    assert.match(text, /Showing packets 1–2 of 6\. For more, call pcap_packets again with offset 2\./);
    const next = await ok('pcap_packets', { path: 'founding-tsecr.pcap', filter: 'tcp.flags.syn == 1 && tcp.flags.ack == 0', offset: 2, limit: 2 });
    assert.deepEqual(
      next
        .split('\n')
        .filter((l) => ROW.test(l))
        .map((r) => r.split(' ')[0]),
      ['9', '14'],
    );
  });

  it('pcap_compare: the founding case from both sides names the TSecr rewrite and the forged RST, with frames in each file', async () => {
    const text = await ok('pcap_compare', { path: 'founding-a.pcap', other: 'founding-b.pcap' });
    assert.match(text, /^A: 17 packets; B \(founding-b\.pcap\): 17 packets\.$/m);
    assert.match(text, /\[error\] Rewrites TSecr of 3 SYN\/ACKs .*→ 2174718965 \(rule compare\.rewritten; between A and B/);
    assert.match(text, /tcp\.options\.timestamp\.tsecr: A 2174718965, B \d+/);
    assert.match(text, /\[error\] Forges 1 RST to 10\.88\.0\.1:\d+ .*\(rule compare\.appeared-between;/);
    assert.match(text, /Evidence in A: frames 15\n/);
    assert.match(text, /^Clock offset: B's clock is /m);
    const same = await refused('pcap_compare', { path: 'founding-a.pcap', other: 'founding-a.pcap' });
    assert.match(same, /same capture/);
    const outside = await refused('pcap_compare', { path: 'founding-a.pcap', other: '../outside.pcap' });
    assert.match(outside, /outside the folders/);
  });

  it('pcap_packet_detail: the SYN/ACK frame with its TSecr field and filter names', async () => {
    const text = await ok('pcap_packet_detail', { path: 'founding-tsecr.pcap', frame: 4 });
    assert.match(text, /^Detail of frame 4, /);
    assert.match(text, /Timestamp echo reply: 2174718965 \[tcp\.options\.timestamp\.tsecr\]/);
    assert.match(text, /^ {2}Source Port: 8080 \[tcp\.srcport\]$/m);
  });

  it('pcap_follow: the HTTP request and response of http-ipv4.pcap, capped with the next offset', async () => {
    const text = await ok('pcap_follow', { path: 'http-ipv4.pcap', stream: 0, maxBytes: 100 });
    assert.match(text, /^tcp stream 0: client 10\.77\.0\.1:36526 → server 10\.77\.0\.2:80\.$/m);
    assert.match(text, /--- client 10\.77\.0\.1:36526, frame 8, 83 bytes:\nGET \/big HTTP\/1\.1/);
    assert.match(text, /--- server 10\.77\.0\.2:80, frame 10, 17 of 133 bytes:\nHTTP\/1\.1 200 OK/);
    const next = /call pcap_follow again with offset (\d+)/.exec(text);
    assert.equal(next?.[1], '100');
    const rest = await ok('pcap_follow', { path: 'http-ipv4.pcap', stream: 0, offset: 100, maxBytes: 20, direction: 'server', format: 'hex' });
    assert.match(rest, /^00000064 {2}/m, 'the hex dump continues at the server byte 100');
  });

  it('pcap_flows: filtered by outcome and sorted; a symlink inside the root is followed', async () => {
    const text = await ok('pcap_flows', { path: 'sub/link-in.pcap', transport: 'tcp', sort: 'bytes' });
    assert.match(text, /^\d+ of \d+ conversations match tcp; sorted by bytes\.$/m);
    assert.match(text, /- tcp stream 0: 10\.77\.0\.1:36526 → 10\.77\.0\.2:80, /);
    const dns = await ok('pcap_flows', { path: 'dns-failures.pcap', transport: 'udp', port: 53, limit: 1 });
    assert.match(dns, /- udp stream 0: /);
    assert.match(dns, /call pcap_flows again with offset 1/);
  });

  it('errors come back as tool errors and the server keeps serving', async () => {
    assert.match(await refused('pcap_summary', { path: 'missing.pcap' }), /^No such file: missing\.pcap\.$/);
    assert.match(await refused('pcap_summary', { path: path.join(dir, 'outside.pcap') }), /is outside the folders this server may read/);
    assert.match(await refused('pcap_summary', { path: '../outside.pcap' }), /is outside the folders/);
    assert.match(await refused('pcap_summary', { path: 'sub/link-out.pcap' }), /is outside the folders/, 'a symlink pointing out is refused');
    assert.match(await refused('pcap_summary', { path: '/etc/passwd' }), /is outside the folders/);
    assert.match(
      await refused('pcap_packets', { path: 'founding-tsecr.pcap', filter: 'tcp.port ==' }),
      /^The display filter "tcp\.port ==" is not valid at character \d+: /,
    );
    assert.match(
      await refused('pcap_packet_detail', { path: 'founding-tsecr.pcap', frame: 23 }),
      /^Frame 23 is out of range: the capture has 22 packets \(frames 1–22\)\.$/,
    );
    assert.match(await refused('pcap_packet_detail', { path: 'founding-tsecr.pcap', frame: 0 }), /"frame" must be at least 1/);
    assert.match(await refused('pcap_packet_detail', { path: 'founding-tsecr.pcap' }), /needs the argument "frame"/);
    assert.match(await refused('pcap_follow', { path: 'founding-tsecr.pcap', stream: 5 }), /^The capture has no tcp stream 5: its tcp streams are 0–0\.$/);
    assert.match(await refused('pcap_flows', { path: 'founding-tsecr.pcap', sort: 'size' }), /"sort" must be one of start, bytes, packets, duration/);
    assert.match(await refused('pcap_nothing', { path: 'founding-tsecr.pcap' }), /There is no tool pcap_nothing/);
    // Still alive, and nothing but protocol reached stdout (the client would have failed to parse it).
    assert.match(await ok('pcap_summary', { path: 'founding-tsecr.pcap' }), /Packets: 22/);
    assert.equal(stderr, '');
  });
});
