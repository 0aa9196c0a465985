import { strict as assert } from 'node:assert';
import { openCaptureBytes, openCaptureFile } from '../../../src/core/capture/openCapture';
import { connLog } from '../../../src/core/zeek/connLog';
import { connLogJson, connLogTsv } from '../../../src/core/zeek/connLogText';
import { connUid } from '../../../src/core/zeek/connUid';
import type { Frame } from '../helpers/captureWriter';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, icmpEcho, ipv4, udp } from '../helpers/packetBuilder';
import { ACK, contentGap, dataExchange, FIN, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

/*
 * conn.log as Zeek writes it (base/protocols/conn/main.zeek: Conn::Info, set_conn, conn_state; the
 * ASCII writer's header; TCP_Endpoint::Size for orig_bytes/resp_bytes; content_gap for missed_bytes;
 * the ConnSize analyzer's packets and IP total lengths; ICMP4_counterpart for ICMP "ports"). Zeek is
 * not packaged for this machine, so each line below is worked out by hand from those definitions;
 * the fixture figures are checked against tshark's ip.len and tcp.seq.
 */

/** The TSV rows (header and #close dropped) with the uid column checked and replaced by "UID". */
function rows(bytes: Uint8Array): string[] {
  const capture = openCaptureBytes(bytes);
  const lines = connLogTsv(connLog(capture));
  capture.close();
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => {
      const c = l.split('\t');
      const [ts, uid, oh, op, rh, rp, proto] = c;
      assert.equal(uid, connUid(proto, oh, Number(op), rh, Number(rp), ts), 'uid from the 5-tuple and start time');
      assert.match(uid, /^C[0-9A-Za-z]{17}$/);
      c[1] = 'UID';
      return c.join('\t');
    });
}

/** Frames leave the scenario 1 ms apart from t0 + 1 ms. */
const T = (k: number) => (1700000000 + 0.001 * (k + 1)).toFixed(6);

const exchange = dataExchange;
// IP total lengths: a SYN with Linux's 20 option bytes is 60, a bare ACK 40 (its frame is padded to 60).
const EXCHANGE_ORIG = { pkts: 4, ip: 60 + 40 + 140 + 40 };
const EXCHANGE_RESP = { pkts: 3, ip: 60 + 40 + 240 };

const tcpRow = (dur: string, ob: string, rb: string, state: string, missed: number, hist: string, op: number, oip: number, rp: number, rip: number) =>
  [T(0), 'UID', '10.0.0.1', '40000', '10.0.0.2', '80', 'tcp', '-', dur, ob, rb, state, '-', '-', missed, hist, op, oip, rp, rip, '-'].join('\t');

describe('conn-log: Zeek conn.log', () => {
  it("the header is Zeek's ASCII writer's, #open/#close from the capture's first and last connection", () => {
    const sc = exchange();
    const capture = openCaptureBytes(sc.bytes());
    const lines = connLogTsv(connLog(capture));
    capture.close();
    assert.deepEqual(lines.slice(0, 5), ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn']);
    assert.equal(lines[5], '#open\t2023-11-14-22-13-20');
    assert.equal(
      lines[6],
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
    );
    assert.equal(
      lines[7],
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
    );
    assert.equal(lines.at(-1), '#close\t2023-11-14-22-13-20');
    assert.equal(lines.length, 10);
  });

  it('a closed connection: SF, ShADadFf, orig_bytes/resp_bytes by sequence numbers, IP bytes from the IP headers (not padded frames)', () => {
    const sc = exchange();
    sc.c(FIN | ACK);
    sc.s(FIN | ACK);
    sc.c(ACK);
    assert.deepEqual(rows(sc.bytes()), [tcpRow('0.008999', '100', '200', 'SF', 0, 'ShADadFf', 6, EXCHANGE_ORIG.ip + 80, 4, EXCHANGE_RESP.ip + 40)]);
  });

  it('rejected: SYN answered by RST: REJ, Sr', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(RST | ACK);
    assert.deepEqual(rows(sc.bytes()), [tcpRow('0.001000', '0', '0', 'REJ', 0, 'Sr', 1, 60, 1, 40)]);
  });

  it('half-open: one SYN, no answer: S0, and duration, orig_bytes and resp_bytes unset (Zeek sets them only for a duration > 0)', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    assert.deepEqual(rows(sc.bytes()), [tcpRow('-', '-', '-', 'S0', 0, 'S', 1, 60, 0, 0)]);
  });

  it('reset by the originator after data: RSTO, ShADadR', () => {
    const sc = exchange();
    sc.c(RST | ACK);
    // The scenario's clock puts the 8th frame at .007999 (its float steps), so 6999 µs after the first.
    assert.deepEqual(rows(sc.bytes()), [tcpRow('0.006999', '100', '200', 'RSTO', 0, 'ShADadR', 5, EXCHANGE_ORIG.ip + 40, 3, EXCHANGE_RESP.ip)]);
  });

  it('reset by the responder after data: RSTR, ShADadr', () => {
    const sc = exchange();
    sc.s(RST | ACK);
    assert.deepEqual(rows(sc.bytes()), [tcpRow('0.006999', '100', '200', 'RSTR', 0, 'ShADadr', 4, EXCHANGE_ORIG.ip, 4, EXCHANGE_RESP.ip + 40)]);
  });

  it('missed bytes: a 100-byte hole the server acknowledges is a G and 100 missed_bytes; orig_bytes counts the hole (sequence numbers)', () => {
    const sc = contentGap();
    assert.deepEqual(rows(sc.bytes()), [tcpRow('0.005000', '300', '0', 'S1', 100, 'ShADaG', 4, 60 + 40 + 140 + 140, 2, 60 + 40)]);
  });

  it('UDP to port 53: service dns, orig_bytes/resp_bytes are UDP payloads, SF / Dd; ICMP echo: type 8 and counterpart 0, OTH, no history', () => {
    const t0 = 1700000000;
    const dg = (from: string, to: string, sport: number, dport: number) =>
      ethernet(ipv4(udp(sport, dport, new Uint8Array(20)), { proto: 17, src: from, dst: to }), 0x0800);
    const frames: Frame[] = [
      { sec: t0, frac: 0, data: dg('10.0.0.1', '10.0.0.2', 40000, 53) },
      { sec: t0, frac: 2500, data: dg('10.0.0.2', '10.0.0.1', 53, 40000) },
      { sec: t0, frac: 10000, data: ethernet(ipv4(icmpEcho(8, 7, 1, new Array(56).fill(1)), { proto: 1, src: '10.0.0.1', dst: '10.0.0.3' }), 0x0800) },
      { sec: t0, frac: 10400, data: ethernet(ipv4(icmpEcho(0, 7, 1, new Array(56).fill(1)), { proto: 1, src: '10.0.0.3', dst: '10.0.0.1' }), 0x0800) },
    ];
    assert.deepEqual(rows(pcapFile(frames)), [
      [
        '1700000000.000000',
        'UID',
        '10.0.0.1',
        '40000',
        '10.0.0.2',
        '53',
        'udp',
        'dns',
        '0.002500',
        '20',
        '20',
        'SF',
        '-',
        '-',
        '0',
        'Dd',
        '1',
        '48',
        '1',
        '48',
        '-',
      ].join('\t'),
      [
        '1700000000.010000',
        'UID',
        '10.0.0.1',
        '8',
        '10.0.0.3',
        '0',
        'icmp',
        '-',
        '0.000400',
        '56',
        '56',
        'OTH',
        '-',
        '-',
        '0',
        '-',
        '1',
        '84',
        '1',
        '84',
        '-',
      ].join('\t'),
    ]);
  });

  it('JSON lines: Zeek field names, unset fields left out, numbers as numbers', () => {
    const sc = new TcpScenario();
    sc.c(SYN, { options: sc.synOptions() });
    const capture = openCaptureBytes(sc.bytes());
    const [line] = connLogJson(connLog(capture));
    capture.close();
    const o = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(o), [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'proto',
      'conn_state',
      'missed_bytes',
      'history',
      'orig_pkts',
      'orig_ip_bytes',
      'resp_pkts',
      'resp_ip_bytes',
    ]);
    assert.equal(o.ts, 1700000000.001);
    assert.equal(o['id.resp_p'], 80);
    assert.equal(o.conn_state, 'S0');
  });

  it("a real HTTP capture: per-side packets and IP bytes are tshark's ip.len sums, orig_bytes/resp_bytes its FIN sequence numbers", async () => {
    // tshark -r http-ipv4.pcap -T fields -e ip.proto -e ip.src -e ip.len, summed per protocol and source;
    // the client's FIN is at relative seq 256, the server's (with 330 bytes) at 20944: 255 and 21273 bytes.
    const capture = await openCaptureFile('test/fixtures/http-ipv4.pcap');
    const recs = connLog(capture);
    capture.close();
    const tcp = recs.find((r) => r.proto === 'tcp')!;
    assert.deepEqual(
      [tcp.service, tcp.connState, tcp.history, tcp.origPkts, tcp.origIpBytes, tcp.respPkts, tcp.respIpBytes, tcp.origBytes, tcp.respBytes],
      ['http', 'SF', 'ShADadfF', 24, 1511, 23, 22477, 255, 21273],
    );
    const dns = recs.find((r) => r.proto === 'udp')!;
    assert.deepEqual([dns.service, dns.origIpBytes, dns.respIpBytes], ['dns', 62, 78]);
  });
});
