import { strict as assert } from 'node:assert';
import { parseAllDocuments } from 'yaml';
import { applyEdits, editExistingSettings } from '../../../src/core/config/sysctlEdits';
import { parseYamlSysctls } from '../../../src/core/config/yamlSysctls';

/**
 * A quick fix on a YAML file changes the value's text and nothing else, and keeps the scalar's
 * style: Kubernetes requires `securityContext.sysctls[].value` to be a string (a Pod with `value: 0`
 * is rejected), Ansible's sysctl `value` is a string (it warns when it converts a number). Each edited
 * file is parsed back to check the value's type and that the rest of the data is unchanged.
 */

/** Sets `key` to `value` in a YAML text through the same edits the quick fix applies. */
function edit(text: string, file: string, key: string, value: string): string {
  const settings = parseYamlSysctls(text, file).settings;
  assert.ok(
    settings.some((s) => s.key === key),
    `${key} found in ${file}`,
  );
  return applyEdits(text, editExistingSettings(settings, key, value));
}

function data(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

/** Both texts differ only in the one line given, which reads `expected` after the edit. */
function onlyLineChanged(before: string, after: string, line: number, expected: string): void {
  const a = before.split('\n'),
    b = after.split('\n');
  assert.equal(b.length, a.length, 'same number of lines');
  for (let i = 0; i < a.length; i++) {
    if (i === line) assert.equal(b[i], expected);
    else assert.equal(b[i], a[i], `line ${i} untouched`);
  }
}

const K8S = `apiVersion: v1
kind: Pod
metadata:
  name: curl-client # the client of the failing handshakes
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.tcp_timestamps
        value: "1"
      - name: net.ipv4.ip_local_port_range
        value: '32768 60999'
  containers:
    - name: curl
      image: curlimages/curl
`;

describe('quick fixes on YAML keep the value a string where the schema needs one, and its quoting', () => {
  it('Kubernetes: value: "1" becomes value: "0", still a string, nothing else changed', () => {
    const out = edit(K8S, 'k8s/pod.yaml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(K8S, out, 8, '        value: "0"');
    const [pod] = data(out) as Array<{ spec: { securityContext: { sysctls: Array<{ name: string; value: unknown }> } } }>;
    assert.deepEqual(pod.spec.securityContext.sysctls, [
      { name: 'net.ipv4.tcp_timestamps', value: '0' },
      { name: 'net.ipv4.ip_local_port_range', value: '32768 60999' },
    ]);
    const [before] = data(K8S) as Array<{ spec: { securityContext: { sysctls: Array<{ value: unknown }> } } }>;
    before.spec.securityContext.sysctls[0].value = '0';
    assert.deepEqual(data(out), [before]);
  });

  it('Kubernetes: single quotes stay single quotes', () => {
    const out = edit(K8S, 'k8s/pod.yaml', 'net.ipv4.ip_local_port_range', '15000 65000');
    onlyLineChanged(K8S, out, 10, "        value: '15000 65000'");
  });

  it('Kubernetes: an unquoted number (invalid for the API) is written as a string', () => {
    const plain = K8S.replace('value: "1"', 'value: 1');
    const out = edit(plain, 'k8s/pod.yaml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(plain, out, 8, '        value: "0"');
    assert.equal(
      typeof (data(out)[0] as { spec: { securityContext: { sysctls: Array<{ value: unknown }> } } }).spec.securityContext.sysctls[0].value,
      'string',
    );
  });

  const ANSIBLE = `- name: Tune TCP
  hosts: web
  tasks:
    - name: Keep TCP timestamps on
      ansible.posix.sysctl:
        name: net.ipv4.tcp_timestamps
        value: '1'
        sysctl_set: true
    - name: Keepalive
      sysctl:
        name: net.ipv4.tcp_keepalive_time
        value: 7200
`;

  it("Ansible: value: '1' becomes value: '0'; a bare number becomes a string (no conversion warning)", () => {
    const out = edit(ANSIBLE, 'roles/net/tasks/main.yml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(ANSIBLE, out, 6, "        value: '0'");
    const [play] = data(out) as Array<Array<{ tasks: Array<Record<string, { value: unknown }>> }>>;
    assert.equal(play[0].tasks[0]['ansible.posix.sysctl'].value, '0');
    const out2 = edit(ANSIBLE, 'roles/net/tasks/main.yml', 'net.ipv4.tcp_keepalive_time', '300');
    onlyLineChanged(ANSIBLE, out2, 11, '        value: "300"');
    assert.equal((data(out2)[0] as Array<{ tasks: Array<Record<string, { value: unknown }>> }>)[0].tasks[1].sysctl.value, '300');
  });

  const COMPOSE_MAP = `services:
  client:
    image: alpine
    sysctls:
      net.ipv4.tcp_timestamps: 1
      net.ipv4.tcp_sack: "1"
      net.core.somaxconn: 1024
`;

  it('Compose map form: a number stays a number, a quoted string stays quoted', () => {
    const out = edit(COMPOSE_MAP, 'docker-compose.yml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(COMPOSE_MAP, out, 4, '      net.ipv4.tcp_timestamps: 0');
    assert.deepEqual((data(out)[0] as { services: { client: { sysctls: object } } }).services.client.sysctls, {
      'net.ipv4.tcp_timestamps': 0,
      'net.ipv4.tcp_sack': '1',
      'net.core.somaxconn': 1024,
    });
    const out2 = edit(COMPOSE_MAP, 'docker-compose.yml', 'net.ipv4.tcp_sack', '0');
    onlyLineChanged(COMPOSE_MAP, out2, 5, '      net.ipv4.tcp_sack: "0"');
  });

  const COMPOSE_LIST = `services:
  client:
    image: alpine
    sysctls:
      - net/ipv4/tcp_timestamps=1
      - "net.ipv4.tcp_sack=1"
`;

  it('Compose list form: the "key=value" item keeps its key spelling and its quotes', () => {
    const out = edit(COMPOSE_LIST, 'compose.yaml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(COMPOSE_LIST, out, 4, '      - net/ipv4/tcp_timestamps=0');
    const out2 = edit(COMPOSE_LIST, 'compose.yaml', 'net.ipv4.tcp_sack', '0');
    onlyLineChanged(COMPOSE_LIST, out2, 5, '      - "net.ipv4.tcp_sack=0"');
    assert.deepEqual((data(out2)[0] as { services: { client: { sysctls: unknown[] } } }).services.client.sysctls, [
      'net/ipv4/tcp_timestamps=1',
      'net.ipv4.tcp_sack=0',
    ]);
  });

  const CLOUD_INIT = `#cloud-config
write_files:
  - path: /etc/sysctl.d/60-tcp.conf
    permissions: '0644'
    content: |
      # managed by cloud-init
      net.ipv4.tcp_timestamps = 1
      net.ipv4.tcp_sack = 1
`;

  it('cloud-init: the line inside the write_files block changes, the block stays a literal block', () => {
    const out = edit(CLOUD_INIT, 'user-data.yaml', 'net.ipv4.tcp_timestamps', '0');
    onlyLineChanged(CLOUD_INIT, out, 6, '      net.ipv4.tcp_timestamps = 0');
    const [doc] = parseAllDocuments(out);
    const content = doc.getIn(['write_files', 0, 'content'], true) as { type?: string; value: string };
    assert.equal(content.type, 'BLOCK_LITERAL');
    assert.equal(content.value, '# managed by cloud-init\nnet.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_sack = 1\n');
    assert.equal((doc.toJS() as { write_files: Array<{ permissions: unknown }> }).write_files[0].permissions, '0644');
  });
});
