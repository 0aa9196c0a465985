import { strict as assert } from 'node:assert';
import { sysctlKnowledge } from '../../../src/core/knowledge/sysctlKeys';
import { findingBearsOn, sysctlHoverMarkdown } from '../../../src/core/knowledge/sysctlHover';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

describe('sysctl hovers in config files', () => {
  it("explains the key, its values and default, this line's value and what the founding capture shows, linked", async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    capture.close();
    const k = sysctlKnowledge('net/ipv4/tcp_timestamps')!;
    const bearing = result.findings.filter((f) => findingBearsOn(k.key, k, f));
    assert.deepEqual(
      bearing.map((f) => f.rule),
      ['tcp.handshake.tsecr-mismatch'],
    );
    const md = sysctlHoverMarkdown(
      k,
      '1',
      bearing.map((finding) => ({ captureName: 'founding-tsecr.pcap', finding, link: 'command:x' })),
    );
    assert.match(md, /^\*\*net\.ipv4\.tcp_timestamps\*\*\n\nWhether TCP sends RFC 7323 timestamps/);
    assert.match(
      md,
      /\*\*Values:\*\* 0 = off; 1 = on with a random offset per connection; 2 = on without the offset {2}\n\*\*Default:\*\* 1 {2}\n\*\*Here:\*\* 1/,
    );
    assert.match(
      md,
      /\*\*\[founding-tsecr\.pcap\]\(command:x\)\*\* shows `tcp\.handshake\.tsecr-mismatch`: SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965.*Workaround: net\.ipv4\.tcp_timestamps = 0 on the client — cost: Turns off RFC 7323 timestamps/s,
    );
  });

  it('a key no capture bears on: just the knowledge', () => {
    const k = sysctlKnowledge('net.core.somaxconn')!;
    assert.equal(sysctlHoverMarkdown(k, undefined, []), `**net.core.somaxconn**\n\n${k.summary}\n\n**Values:** count  \n**Default:** 4096`);
    assert.equal(findingBearsOn(k.key, k, { rule: 'tcp.rst.after-fin', fixes: [] }), false);
  });
});
