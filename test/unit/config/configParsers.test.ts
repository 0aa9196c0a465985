import { strict as assert } from 'node:assert';
import { configImplications } from '../../../src/core/config/configImplications';
import { isSysctlConfPath, parseSysctlConf } from '../../../src/core/config/sysctlConf';
import { appendSysctlLine, applyEdits, editExistingSettings } from '../../../src/core/config/sysctlEdits';
import { parseYamlSysctls } from '../../../src/core/config/yamlSysctls';
import { sysctlKnowledge } from '../../../src/core/knowledge/sysctlKeys';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

const SYSCTL_CONF = `# /etc/sysctl.conf - Configuration file for setting system variables
kernel.printk = 3 4 1 3
;net.ipv4.ip_forward=1
net.ipv4.tcp_timestamps = 1
-net/ipv4/tcp_sack=1
net.ipv4.ip_local_port_range = 15000 65000
`;

const ANSIBLE = `---
- name: Tune the TCP stack
  hosts: web
  become: true
  tasks:
    - name: Keep TCP timestamps on
      ansible.posix.sysctl:
        name: net.ipv4.tcp_timestamps
        value: '1'
        sysctl_set: true
        state: present
    - name: Shorter keepalive
      sysctl:
        name: net.ipv4.tcp_keepalive_time
        value: "600"
    - name: Templated (not a literal setting)
      sysctl:
        name: "{{ item.name }}"
        value: "{{ item.value }}"
      loop: "{{ extra_sysctls }}"
`;

const K8S = `apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
---
apiVersion: v1
kind: Pod
metadata:
  name: curl-client
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.tcp_timestamps
        value: "1"
      - name: net.ipv4.ip_local_port_range
        value: "32768 60999"
  containers:
    - name: curl
      image: curlimages/curl
`;

const COMPOSE_MAP = `services:
  client:
    image: alpine
    sysctls:
      net.ipv4.tcp_timestamps: 1
      net.core.somaxconn: 1024
`;

const COMPOSE_LIST = `services:
  client:
    image: alpine
    sysctls:
      - net.ipv4.tcp_timestamps=1
`;

const CLOUD_INIT = `#cloud-config
write_files:
  - path: /etc/sysctl.d/60-tcp.conf
    permissions: '0644'
    content: |
      # managed by cloud-init
      net.ipv4.tcp_timestamps = 1
      net.ipv4.tcp_sack = 1
  - path: /etc/motd
    content: hello
`;

function textAt(text: string, r: { startLine: number; startChar: number; endLine: number; endChar: number }): string {
  const lines = text.split('\n');
  return r.startLine === r.endLine ? lines[r.startLine].slice(r.startChar, r.endChar) : '';
}

describe('sysctl settings in configuration files', () => {
  it('sysctl.conf: keys, values, slash form, comments, exact ranges', () => {
    const { settings, problems } = parseSysctlConf(SYSCTL_CONF, '/etc/sysctl.conf');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      settings.map((s) => [s.key, s.value]),
      [
        ['kernel.printk', '3 4 1 3'],
        ['net.ipv4.tcp_timestamps', '1'],
        ['net.ipv4.tcp_sack', '1'],
        ['net.ipv4.ip_local_port_range', '15000 65000'],
      ],
    );
    const ts = settings[1];
    assert.equal(textAt(SYSCTL_CONF, ts.keyRange), 'net.ipv4.tcp_timestamps');
    assert.equal(textAt(SYSCTL_CONF, ts.valueRange), '1');
    assert.ok(isSysctlConfPath('etc/sysctl.d/99-tune.conf') && isSysctlConfPath('/etc/sysctl.conf') && !isSysctlConfPath('nginx.conf'));
  });

  it('sysctl.conf: a line that is not an assignment is reported, the rest kept', () => {
    const { settings, problems } = parseSysctlConf('net.ipv4.tcp_sack = 1\nthis is not valid\n', 'x.conf');
    assert.equal(settings.length, 1);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].range.startLine, 1);
  });

  it('Ansible: sysctl and ansible.posix.sysctl tasks, templated names skipped', () => {
    const { settings, problems } = parseYamlSysctls(ANSIBLE, 'roles/tcp/tasks/main.yml');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      settings.map((s) => [s.key, s.value, s.source]),
      [
        ['net.ipv4.tcp_timestamps', '1', 'ansible'],
        ['net.ipv4.tcp_keepalive_time', '600', 'ansible'],
      ],
    );
    assert.equal(textAt(ANSIBLE, settings[0].valueRange), "'1'");
    assert.equal(settings[0].valueRange.startLine, 8);
  });

  it('Kubernetes: securityContext.sysctls across a multi-document manifest', () => {
    const { settings } = parseYamlSysctls(K8S, 'k8s/client.yaml');
    assert.deepEqual(
      settings.map((s) => [s.key, s.value, s.source]),
      [
        ['net.ipv4.tcp_timestamps', '1', 'kubernetes'],
        ['net.ipv4.ip_local_port_range', '32768 60999', 'kubernetes'],
      ],
    );
    assert.equal(settings[0].keyRange.startLine, 12);
  });

  it('Docker Compose: sysctls as a map and as a list', () => {
    const map = parseYamlSysctls(COMPOSE_MAP, 'docker-compose.yml').settings;
    assert.deepEqual(
      map.map((s) => [s.key, s.value, s.source]),
      [
        ['net.ipv4.tcp_timestamps', '1', 'compose'],
        ['net.core.somaxconn', '1024', 'compose'],
      ],
    );
    const list = parseYamlSysctls(COMPOSE_LIST, 'compose.yaml').settings;
    assert.deepEqual(
      list.map((s) => [s.key, s.value, s.source]),
      [['net.ipv4.tcp_timestamps', '1', 'compose']],
    );
  });

  it('cloud-init: write_files of a sysctl.d file, with ranges inside the block', () => {
    const { settings } = parseYamlSysctls(CLOUD_INIT, 'cloud-init/user-data.yaml');
    assert.deepEqual(
      settings.map((s) => [s.key, s.value, s.source]),
      [
        ['net.ipv4.tcp_timestamps', '1', 'cloud-init'],
        ['net.ipv4.tcp_sack', '1', 'cloud-init'],
      ],
    );
    assert.equal(textAt(CLOUD_INIT, settings[0].keyRange), 'net.ipv4.tcp_timestamps');
    assert.equal(textAt(CLOUD_INIT, settings[0].valueRange), '1');
  });

  it('malformed YAML: a clear problem with its position, no crash', () => {
    const bad = 'tasks:\n  - sysctl:\n      name: net.ipv4.tcp_sack\n     value: [1, 2\n';
    const { settings, problems } = parseYamlSysctls(bad, 'broken.yml');
    assert.equal(settings.length, 0);
    assert.ok(problems.length >= 1);
    assert.match(problems[0].message, /^YAML error: /);
    assert.ok(problems[0].range.startLine >= 1);
  });

  it('edits: change existing lines (conf, YAML, compose list) or append one; applying them gives the expected text', () => {
    const conf = parseSysctlConf(SYSCTL_CONF, 'a.conf').settings;
    const edited = applyEdits(SYSCTL_CONF, editExistingSettings(conf, 'net.ipv4.tcp_timestamps', '0'));
    assert.match(edited, /^net\.ipv4\.tcp_timestamps = 0$/m);
    assert.equal(edited.split('\n').length, SYSCTL_CONF.split('\n').length);
    const yamlEdited = applyEdits(ANSIBLE, editExistingSettings(parseYamlSysctls(ANSIBLE, 'a.yml').settings, 'net.ipv4.tcp_timestamps', '0'));
    assert.equal(parseYamlSysctls(yamlEdited, 'a.yml').settings[0].value, '0');
    const listEdited = applyEdits(COMPOSE_LIST, editExistingSettings(parseYamlSysctls(COMPOSE_LIST, 'compose.yaml').settings, 'net.ipv4.tcp_timestamps', '0'));
    assert.match(listEdited, /- net\.ipv4\.tcp_timestamps=0/);
    const appended = applyEdits('kernel.printk = 3 4 1 3', [
      appendSysctlLine('b.conf', 'kernel.printk = 3 4 1 3', 'net.ipv4.tcp_timestamps', '0', 'workaround'),
    ]);
    assert.equal(appended, 'kernel.printk = 3 4 1 3\n# workaround\nnet.ipv4.tcp_timestamps = 0\n');
  });

  it('knowledge: every key the issue names is explained with values and default', () => {
    for (const k of [
      'net.ipv4.tcp_timestamps',
      'net.ipv4.tcp_window_scaling',
      'net.ipv4.tcp_sack',
      'net.ipv4.tcp_syn_retries',
      'net.ipv4.tcp_synack_retries',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.tcp_tw_reuse',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
      'net.ipv4.tcp_ecn',
      'net.ipv4.tcp_mtu_probing',
      'net.ipv4.tcp_rmem',
      'net.ipv4.tcp_wmem',
      'net.ipv4.ip_local_port_range',
      'net.core.somaxconn',
    ]) {
      const k2 = sysctlKnowledge(k.replace(/\./g, '/'));
      assert.ok(k2 && k2.summary && k2.default && k2.values, k);
    }
  });

  it('the founding capture implicates a tcp_timestamps = 1 line, with the workaround value', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    capture.close();
    const settings = [...parseSysctlConf(SYSCTL_CONF, '/etc/sysctl.conf').settings, ...parseYamlSysctls(K8S, 'pod.yaml').settings];
    const hits = configImplications(result.findings, settings, 'founding-tsecr.pcap');
    assert.deepEqual(
      hits.map((h) => [h.setting.file, h.setting.key, h.suggestedValue]),
      [
        ['/etc/sysctl.conf', 'net.ipv4.tcp_timestamps', '0'],
        ['pod.yaml', 'net.ipv4.tcp_timestamps', '0'],
      ],
    );
    assert.match(hits[0].message, /founding-tsecr\.pcap: SYN\/ACK from .* echoes TSecr 2174718965/);
  });
});
