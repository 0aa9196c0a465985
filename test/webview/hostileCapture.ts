import { pcapFile } from '../unit/helpers/captureWriter';
import { ethernet, ipv4, tcp } from '../unit/helpers/packetBuilder';

/** Markup and script that must appear as text, never run: the webview's hostile-input check. */
export const HOSTILE_PATH = '/<img src=x onerror="window.__xss=1">';
export const HOSTILE_HOST = '<script>window.__xss=2</script>';

/** A short HTTP exchange whose request line and Host header carry markup. */
export function hostileCapture(): Uint8Array {
  const c = { src: '10.0.0.1', dst: '10.0.0.2' },
    s = { src: '10.0.0.2', dst: '10.0.0.1' };
  const seg = (dir: typeof c, o: Parameters<typeof tcp>[0]) => ethernet(ipv4(tcp(o), { proto: 6, ...dir }), 0x0800);
  const request = new TextEncoder().encode(`GET ${HOSTILE_PATH} HTTP/1.1\r\nHost: ${HOST()}\r\nUser-Agent: <b onmouseover=alert(1)>x</b>\r\n\r\n`);
  const frames = [
    seg(c, { sport: 40000, dport: 80, seq: 100, flags: 0x002 }),
    seg(s, { sport: 80, dport: 40000, seq: 900, ack: 101, flags: 0x012 }),
    seg(c, { sport: 40000, dport: 80, seq: 101, ack: 901, flags: 0x010 }),
    seg(c, { sport: 40000, dport: 80, seq: 101, ack: 901, flags: 0x018, payload: request }),
  ];
  return pcapFile(frames.map((data, k) => ({ sec: 1700000000, frac: k * 1000, data })));
}

function HOST(): string {
  return HOSTILE_HOST;
}
