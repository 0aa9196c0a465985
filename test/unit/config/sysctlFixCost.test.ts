import { strict as assert } from 'node:assert';
import { configImplications } from '../../../src/core/config/configImplications';
import { parseSysctlConf } from '../../../src/core/config/sysctlConf';
import { dependentsBrokenBy } from '../../../src/core/config/sysctlDependents';
import { appendSysctlLine, applyEdits, newSysctlFile } from '../../../src/core/config/sysctlEdits';
import { parseYamlSysctls } from '../../../src/core/config/yamlSysctls';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

const NETWORK = 'file:///ws/infra/etc/sysctl.d/99-network.conf';
const NETWORK_TEXT = '# tuning\nnet.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_tw_reuse = 1\n';
const ANSIBLE = `- hosts: lb
  tasks:
    - name: SYN flood protection
      ansible.posix.sysctl:
        name: net.ipv4.tcp_syncookies
        value: "1"
`;

function settings() {
  return [
    ...parseSysctlConf(NETWORK_TEXT, NETWORK).settings,
    // Off, or overridden by a later file: neither relies on timestamps.
    ...parseSysctlConf('net.ipv4.tcp_tw_reuse = 0\n', 'file:///ws/other/etc/sysctl.d/50-off.conf').settings,
    ...parseSysctlConf('net.ipv4.tcp_tw_reuse = 1\n', 'file:///ws/infra/etc/sysctl.d/10-early.conf').settings,
    ...parseSysctlConf('net.ipv4.tcp_tw_reuse = 0\n', 'file:///ws/infra/etc/sysctl.d/20-later.conf').settings,
    ...parseYamlSysctls(ANSIBLE, 'file:///ws/roles/lb/tasks/main.yml').settings,
  ];
}

describe('the cost of a sysctl fix names the settings of the workspace it breaks', () => {
  it('turning timestamps off breaks tcp_tw_reuse = 1 and tcp_syncookies = 1 where they take effect', () => {
    const broken = dependentsBrokenBy(settings(), 'net.ipv4.tcp_timestamps', '0');
    assert.deepEqual(
      broken.map((d) => [d.setting.file, d.setting.key, d.setting.value]),
      [
        [NETWORK, 'net.ipv4.tcp_tw_reuse', '1'],
        ['file:///ws/roles/lb/tasks/main.yml', 'net.ipv4.tcp_syncookies', '1'],
      ],
    );
    assert.match(broken[0].why, /timestamps/);
    assert.deepEqual(dependentsBrokenBy(settings(), 'net.ipv4.tcp_timestamps', '1'), [], 'turning it on breaks nothing');
    assert.deepEqual(dependentsBrokenBy(settings(), 'net.ipv4.tcp_sack', '0'), [], 'nothing relies on SACK');
  });

  it('the config review of the founding capture says which line stops working', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    capture.close();
    const [hit] = configImplications(result.findings, settings(), 'founding-tsecr.pcap').filter((h) => h.setting.key === 'net.ipv4.tcp_timestamps');
    assert.deepEqual(
      hit.dependents.map((d) => d.setting.key),
      ['net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_syncookies'],
    );
    assert.match(
      hit.message,
      /Setting it to 0 also disables net\.ipv4\.tcp_tw_reuse = 1 \(99-network\.conf line 3\), net\.ipv4\.tcp_syncookies = 1 \(main\.yml line 5\)/,
    );
  });
});

describe('the comment above an added setting', () => {
  const comment =
    "Added by PCAP Inspector for founding-tsecr.pcap, tcp.handshake.tsecr-mismatch: SYN/ACK from 10.77.2.2:8080 echoes TSecr 2174718965, not the SYN's TSval 340731516: client 10.77.1.1:35034 resets and retries";

  it('is wrapped to 80 columns, names the capture and the finding, and precedes the line', () => {
    const text = newSysctlFile('net.ipv4.tcp_timestamps', '0', comment);
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines.at(-1), 'net.ipv4.tcp_timestamps = 0');
    const notes = lines.slice(0, -1);
    assert.ok(notes.length >= 2 && notes.length <= 4, notes.join('\n'));
    for (const l of notes) {
      assert.ok(l.startsWith('# '), l);
      assert.ok(l.length <= 80, `${l.length} columns: ${l}`);
    }
    const joined = notes.map((l) => l.slice(2)).join(' ');
    assert.match(joined, /founding-tsecr\.pcap, tcp\.handshake\.tsecr-mismatch: SYN\/ACK from 10\.77\.2\.2:8080/);
    assert.deepEqual(
      parseSysctlConf(text, 'x.conf').settings.map((s) => [s.key, s.value]),
      [['net.ipv4.tcp_timestamps', '0']],
    );
  });

  it('appended to a file: same comment, and a line break in a capture name cannot add an assignment', () => {
    const hostile = 'evil\nkernel.panic = 1\n.pcap';
    const edited = applyEdits('kernel.printk = 3 4 1 3', [
      appendSysctlLine('b.conf', 'kernel.printk = 3 4 1 3', 'net.ipv4.tcp_timestamps', '0', `Added for ${hostile}: ${comment}`),
    ]);
    assert.deepEqual(
      parseSysctlConf(edited, 'b.conf').settings.map((s) => s.key),
      ['kernel.printk', 'net.ipv4.tcp_timestamps'],
    );
    for (const l of edited.split('\n')) assert.ok(l.length <= 80, l);
    assert.match(edited, /^# Added for evil kernel\.panic = 1 \.pcap: /m);
  });

  it('a very long finding text is cut after four lines', () => {
    const text = newSysctlFile('k.x', '1', `${comment} `.repeat(5));
    const notes = text.split('\n').filter((l) => l.startsWith('#'));
    assert.equal(notes.length, 4);
    assert.match(notes[3], / …$/);
    for (const l of notes) assert.ok(l.length <= 80, l);
  });
});
