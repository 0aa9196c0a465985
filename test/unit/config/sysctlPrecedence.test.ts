import { strict as assert } from 'node:assert';
import { configImplications } from '../../../src/core/config/configImplications';
import { parseSysctlConf } from '../../../src/core/config/sysctlConf';
import { effectiveSettings, overriddenSettings, overrideOfAppended } from '../../../src/core/config/sysctlPrecedence';
import type { SysctlSetting } from '../../../src/core/config/sysctlSetting';
import { parseYamlSysctls } from '../../../src/core/config/yamlSysctls';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

/** The settings of sysctl files given as { path: text }, paths as file URIs of a workspace. */
function files(tree: Record<string, string>): SysctlSetting[] {
  return Object.entries(tree).flatMap(([p, text]) => parseSysctlConf(text, `file:///ws/${p}`).settings);
}

function where(s: SysctlSetting): string {
  return `${s.file.replace('file:///ws/', '')}:${s.keyRange.startLine + 1}`;
}

/** Which file:line sets each key in the end. */
function winners(settings: SysctlSetting[]): string[] {
  return effectiveSettings(settings).map(where).sort();
}

/** sysctl.d(5): files sorted by name across /etc, /run, /usr/local/lib, /usr/lib; same name: the first directory masks the others. */
describe('which sysctl file wins, as systemd-sysctl and sysctl --system apply them', () => {
  it('a later file name wins over an earlier one, whatever its directory', () => {
    const s = files({
      'infra/etc/sysctl.d/60-y.conf': 'net.ipv4.tcp_timestamps = 1\n',
      'infra/etc/sysctl.d/90-x.conf': 'net.ipv4.tcp_timestamps = 0\n',
      'infra/usr/lib/sysctl.d/95-vendor.conf': 'net.ipv4.tcp_sack = 0\n',
      'infra/etc/sysctl.d/10-early.conf': 'net.ipv4.tcp_sack = 1\n',
    });
    assert.deepEqual(winners(s), ['infra/etc/sysctl.d/90-x.conf:1', 'infra/usr/lib/sysctl.d/95-vendor.conf:1']);
    const over = overriddenSettings(s);
    const y = s.find((x) => x.file.endsWith('60-y.conf'))!;
    assert.deepEqual(over.get(y), { kind: 'later', by: s.find((x) => x.file.endsWith('90-x.conf')) });
  });

  it('a file in /etc masks the file of the same name in /usr/lib, even when empty', () => {
    const s = files({
      'infra/usr/lib/sysctl.d/50-default.conf': 'net.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_sack = 1\n',
      'infra/etc/sysctl.d/50-default.conf': 'net.ipv4.tcp_sack = 0\n',
      'infra/run/sysctl.d/40-run.conf': 'kernel.panic = 10\n',
      'infra/usr/lib/sysctl.d/40-run.conf': 'kernel.panic = 0\n',
    });
    assert.deepEqual(winners(s), ['infra/etc/sysctl.d/50-default.conf:1', 'infra/run/sysctl.d/40-run.conf:1']);
    const vendor = s.find((x) => x.file.endsWith('usr/lib/sysctl.d/50-default.conf') && x.key === 'net.ipv4.tcp_timestamps')!;
    assert.deepEqual(overriddenSettings(s).get(vendor), { kind: 'masked', file: 'file:///ws/infra/etc/sysctl.d/50-default.conf' });
    // An empty /etc file masks too: it holds no setting, so the index passes it as a file.
    const vendorOnly = files({ 'infra/usr/lib/sysctl.d/60-vendor.conf': 'net.ipv4.tcp_timestamps = 1\n' });
    assert.deepEqual(winners(vendorOnly), ['infra/usr/lib/sysctl.d/60-vendor.conf:1']);
    assert.deepEqual(effectiveSettings(vendorOnly, ['file:///ws/infra/etc/sysctl.d/60-vendor.conf']), []);
  });

  it('the last line of a file wins; /etc/sysctl.conf comes after the sysctl.d files but never hides one named after 99-sysctl.conf', () => {
    const s = files({
      'infra/etc/sysctl.conf': 'net.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_sack = 1\nkernel.panic = 1\n',
      'infra/etc/sysctl.d/90-x.conf': 'net.ipv4.tcp_sack = 0\n',
      'infra/etc/sysctl.d/99-zz-late.conf': 'kernel.panic = 5\n',
    });
    // sysctl.conf line 2 beats its line 1; its tcp_sack beats 90-x.conf; 99-zz-late.conf is applied after
    // it by systemd but before it by procps: neither is called overridden.
    assert.deepEqual(winners(s), ['infra/etc/sysctl.conf:2', 'infra/etc/sysctl.conf:3', 'infra/etc/sysctl.conf:4', 'infra/etc/sysctl.d/99-zz-late.conf:1']);
  });

  it('files of different hosts (roots) do not override one another; YAML settings are never overridden', () => {
    const s = [
      ...files({
        'hosts/web/etc/sysctl.d/90-x.conf': 'net.ipv4.tcp_timestamps = 1\n',
        'hosts/db/etc/sysctl.d/99-y.conf': 'net.ipv4.tcp_timestamps = 0\n',
        'roles/lb/files/sysctl.d/10-a.conf': 'net.ipv4.tcp_timestamps = 1\n',
        'roles/lb/files/sysctl.d/20-b.conf': 'net.ipv4.tcp_timestamps = 0\n',
      }),
      ...parseYamlSysctls('spec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_timestamps\n        value: "1"\n', 'file:///ws/k8s/pod.yaml')
        .settings,
    ];
    assert.deepEqual(winners(s), [
      'hosts/db/etc/sysctl.d/99-y.conf:1',
      'hosts/web/etc/sysctl.d/90-x.conf:1',
      'k8s/pod.yaml:4',
      'roles/lb/files/sysctl.d/20-b.conf:1',
    ]);
  });

  it('cloud-init: the files it writes follow the same order', () => {
    const text = `#cloud-config
write_files:
  - path: /etc/sysctl.d/90-late.conf
    content: |
      net.ipv4.tcp_timestamps = 0
  - path: /etc/sysctl.d/60-early.conf
    content: |
      net.ipv4.tcp_timestamps = 1
`;
    const s = parseYamlSysctls(text, 'file:///ws/user-data.yaml').settings;
    assert.deepEqual(
      effectiveSettings(s).map((x) => [x.target, x.value]),
      [['/etc/sysctl.d/90-late.conf', '0']],
    );
  });

  it('a line appended to a file is overridden when a later file of that host sets the key', () => {
    const s = files({ 'infra/etc/sysctl.d/99-network.conf': 'net.ipv4.tcp_timestamps = 1\n', 'infra/etc/sysctl.d/10-a.conf': 'kernel.panic = 1\n' });
    const byNetwork = overrideOfAppended(s, [], 'file:///ws/infra/etc/sysctl.d/90-pcap-inspector.conf', 'net.ipv4.tcp_timestamps');
    assert.equal(byNetwork?.kind === 'later' && where(byNetwork.by), 'infra/etc/sysctl.d/99-network.conf:1');
    assert.equal(overrideOfAppended(s, [], 'file:///ws/infra/etc/sysctl.d/10-a.conf', 'net.ipv4.tcp_sack'), undefined);
    assert.equal(
      overrideOfAppended(s, [], 'file:///ws/infra/etc/sysctl.d/99-network.conf', 'net.ipv4.tcp_timestamps'),
      undefined,
      'after the line already there',
    );
    assert.equal(overrideOfAppended(s, [], 'file:///ws/infra/etc/sysctl.conf', 'net.ipv4.tcp_timestamps'), undefined);
  });

  it('the founding capture implicates the line that takes effect, not the one a later file overrides', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    capture.close();
    const s = files({
      'infra/etc/sysctl.d/60-y.conf': 'net.ipv4.tcp_timestamps = 1\n',
      'infra/etc/sysctl.d/90-x.conf': 'net.ipv4.tcp_timestamps = 2\n',
    });
    const hits = configImplications(result.findings, s, 'founding-tsecr.pcap');
    assert.deepEqual(
      hits.map((h) => where(h.setting)),
      ['infra/etc/sysctl.d/90-x.conf:1'],
    );
    // Once the later file disables timestamps, neither line is implicated.
    const fixed = files({ 'infra/etc/sysctl.d/60-y.conf': 'net.ipv4.tcp_timestamps = 1\n', 'infra/etc/sysctl.d/90-x.conf': 'net.ipv4.tcp_timestamps = 0\n' });
    assert.deepEqual(
      configImplications(result.findings, fixed, 'founding-tsecr.pcap').filter((h) => h.suggestedValue !== undefined),
      [],
    );
  });
});
