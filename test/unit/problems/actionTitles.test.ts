import { strict as assert } from 'node:assert';
import type { Fix } from '../../../src/core/diagnosis/finding';
import { copyCommandTitle, filterTitle, openDocTitle, sysctlAddTitle, sysctlChangeTitle, TITLE_MAX } from '../../../src/extension/problems/actionTitles';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

/**
 * Quick-fix titles appear in the lightbulb list (as written) and in the Problems panel's menu, where
 * VS Code reads "&&" as "&" and a single "&x" as a mnemonic: so no ampersand, and short enough for a
 * menu. Checked over the fixes of every fixture capture's findings.
 */
describe('quick-fix titles are short and free of ampersands', () => {
  const fixtures = [
    'founding-tsecr.pcap',
    'loss.pcap',
    'zero-window.pcap',
    'refused.pcap',
    'no-answer.pcap',
    'reject.pcap',
    'linger0.pcap',
    'zero-ts.pcap',
    'ts-one-side.pcap',
    'udp-unreachable.pcap',
  ];

  it('every fix of every fixture gets a title within the limit, with no "&"', async () => {
    const titles: string[] = [];
    let ampersands = 0;
    for (const name of fixtures) {
      const { capture, result } = await analyzeFixture(name);
      capture.close();
      for (const f of result.findings) {
        for (const fix of f.fixes) {
          const a = fix.action;
          if (a.kind === 'sysctl')
            titles.push(
              sysctlAddTitle(a.where, a.key, a.value),
              sysctlChangeTitle(a.where, a.key, a.value, 'roles/network/files/etc/sysctl.d/99-network.conf', 120, [
                'net.ipv4.tcp_tw_reuse',
                'net.ipv4.tcp_syncookies',
              ]),
            );
          if (a.kind === 'command') titles.push(copyCommandTitle(fix as Fix & { action: { kind: 'command' } }));
          if (a.kind === 'filter') titles.push(filterTitle(fix.title, a.filter));
          if (a.kind === 'doc') titles.push(openDocTitle('docs.kernel.org/networking/ip-sysctl.html', fix.title));
          if ((a.kind === 'command' && a.command.includes('&')) || (a.kind === 'filter' && a.filter.includes('&'))) ampersands++;
        }
      }
    }
    assert.ok(ampersands >= 2, 'the fixtures do have commands and filters with && (persist, retransmissions)');
    for (const t of titles) {
      assert.ok(!t.includes('&'), t);
      assert.ok(t.length <= TITLE_MAX, `${t.length}: ${t}`);
    }
  });

  it('a command or filter with && is named by its fix; plain ones are shown', () => {
    assert.equal(
      copyCommandTitle({
        title: 'Persist across reboots',
        action: { kind: 'command', command: "echo 'x = 0' | sudo tee /etc/sysctl.d/90.conf && sudo sysctl --system" },
      }),
      'Copy command: Persist across reboots',
    );
    assert.equal(
      copyCommandTitle({ title: 'Apply now', action: { kind: 'command', command: 'sudo sysctl -w net.ipv4.tcp_timestamps=0' } }),
      'Copy: sudo sysctl -w net.ipv4.tcp_timestamps=0',
    );
    assert.equal(filterTitle('Show the retransmissions', 'tcp.stream == 0 && tcp.analysis.retransmission'), 'Show the retransmissions');
    assert.equal(filterTitle('Filter to stream 0', 'tcp.stream == 0'), 'Filter to stream 0 (tcp.stream == 0)');
  });

  it('a sysctl change says where and what it breaks, shortening the key before cutting', () => {
    assert.equal(
      sysctlChangeTitle('client', 'net.ipv4.tcp_timestamps', '0', '99-network.conf', 3, []),
      'Client: set net.ipv4.tcp_timestamps = 0 in 99-network.conf:3',
    );
    assert.equal(
      sysctlChangeTitle('client', 'net.ipv4.tcp_timestamps', '0', '99-network.conf', 3, ['net.ipv4.tcp_tw_reuse']),
      'Client: set tcp_timestamps = 0 in 99-network.conf:3 (breaks tcp_tw_reuse)',
    );
    assert.equal(
      sysctlChangeTitle('client', 'net.ipv4.tcp_timestamps', '0', '99-network.conf', 3, ['net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_syncookies']),
      'Client: set tcp_timestamps = 0 in 99-network.conf:3 (breaks 2 settings)',
    );
  });
});
