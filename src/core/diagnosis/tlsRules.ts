import { ProtoCode } from '../decode/fields';
import { TH_FIN, TH_RST } from '../decode/tcp';
import { parseTls, tlsAlertName } from '../decode/tls';
import type { TcpFlow } from '../flows/tcpConversations';
import { decryptedContent } from '../tls/innerContent';
import { tlsDecryptionOf } from '../tls/tlsDecryption';
import { appPayload } from './appPayload';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { RFC8446_6 } from './references';

/** What one TLS handshake showed: its hellos and the first plaintext alert, with who sent it. */
interface TlsHandshake {
  clientHello: number;
  serverHello: number;
  /** Any TLS record from the server (a hello, an alert, a certificate). */
  serverSpoke: boolean;
  alert?: { packet: number; fromClient: boolean; level: number; description: number };
}

/** Plaintext alerts that are part of a normal close, not a failure (RFC 8446 §6.1). */
const CLOSURE_ALERTS = new Set([0, 90]);

/**
 * The TLS handshake of a flow, from the segments the index classified as TLS (read lazily, first
 * records only). With a key log, the records TLS 1.3 encrypts after the ServerHello are read
 * decrypted: an alert there (a server refusing the client's certificate) is found, and the walk
 * goes on past encrypted handshake records until real application data.
 */
function tlsHandshake(ctx: DiagnosisContext, flow: TcpFlow): TlsHandshake | undefined {
  return ctx.memo(flow, 'tls-handshake', () => {
    const ix = ctx.index;
    const decryption = tlsDecryptionOf(ctx.capture);
    let h: TlsHandshake | undefined;
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const opened = h && decryption ? (decryption.frame(i)?.records ?? []).filter((r) => r.record.plaintext) : [];
      if (ix.proto[i] !== ProtoCode.Tls && !opened.length) continue;
      const p = appPayload(ctx.capture, i);
      const t = p && parseTls(p.bytes, p.from, p.to);
      if (!t && !opened.length) continue;
      const fromClient = ctx.fromClient(flow, i);
      if (!h) {
        if (!fromClient || t?.messages[0] !== 'Client Hello') return undefined;
        h = { clientHello: i, serverHello: -1, serverSpoke: false };
      }
      if (!fromClient) h.serverSpoke = true;
      if (!fromClient && h.serverHello < 0 && t?.messages.includes('Server Hello')) h.serverHello = i;
      const alert = t?.alert ?? opened.map((r) => decryptedContent(r)?.alert).find((a) => a !== undefined);
      if (alert && !h.alert) h.alert = { packet: i, fromClient, ...alert };
      // Application data ends the handshake: as the records say once decrypted, else as they look.
      const applicationData = opened.length ? opened.some((r) => r.record.contentType === APPLICATION_DATA) : t?.messages.includes('Application Data');
      if (h.alert || applicationData) break;
    }
    return h;
  });
}

const APPLICATION_DATA = 23;

/** tls.alert: a handshake-time alert (plaintext, or decrypted with a key log) that ends the connection, named with who sent it. */
export function tlsAlertRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const h = tlsHandshake(ctx, flow);
  const a = h?.alert;
  if (!h || !a || CLOSURE_ALERTS.has(a.description)) return [];
  const { client, server, stream } = flow.summary;
  const name = tlsAlertName(a.description);
  const sender = a.fromClient ? `the client ${client}` : `the server ${server}`;
  const fatal = a.level === 2;
  const snake = name.toLowerCase().replace(/ /g, '_');
  return [
    {
      severity: fatal ? 'error' : 'info',
      confidence: 'high',
      stream,
      client,
      server,
      variant: `${a.description}/${a.fromClient ? 'client' : 'server'}`,
      side: a.fromClient ? 'client' : 'server',
      packets: [h.clientHello + 1, ...(h.serverHello >= 0 ? [h.serverHello + 1] : []), a.packet + 1],
      title: `TLS ${fatal ? 'fatal ' : ''}alert ${snake} (${a.description}) from ${sender}${fatal ? ': the handshake failed' : ''}`,
      explanation: `${sender[0].toUpperCase()}${sender.slice(1)} sent a ${fatal ? 'fatal' : 'warning'} ${snake} alert (${a.description}) ${h.serverHello >= 0 ? 'during the handshake, after the ServerHello' : 'in answer to the ClientHello'} (frame ${a.packet + 1}). ${alertMeaning(a.description, a.fromClient)}${fatal ? ' A fatal alert ends the connection: no application data was exchanged.' : ''}`,
      groupTitle: (n) => `${n} TLS handshakes with ${server} end in ${snake} (${a.description}) from the ${a.fromClient ? 'client' : 'server'}`,
      references: [RFC8446_6],
      about: { description: String(a.description), host: hostPort(server)[0], port: hostPort(server)[1] },
    },
  ];
}

/** tls.hello-unanswered: the client's ClientHello got no TLS answer and the connection was given up. */
export function tlsHelloUnansweredRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const h = tlsHandshake(ctx, flow);
  if (!h || h.serverSpoke) return [];
  // The end: the first FIN or RST after the ClientHello; without one the capture may just have stopped.
  const end = flow.control.find((i) => i > h.clientHello && ctx.tcpFlags(i) & (TH_FIN | TH_RST));
  if (end === undefined) return [];
  const { client, server, stream } = flow.summary;
  const byClient = ctx.fromClient(flow, end);
  const how = ctx.tcpFlags(end) & TH_RST ? 'reset' : 'closed';
  const serverData = flow.firstData[1] >= 0;
  const waited = elapsedText(ctx.seconds(h.clientHello, end), 1);
  return [
    {
      confidence: serverData ? 'medium' : 'high',
      stream,
      client,
      server,
      side: 'server',
      packets: [h.clientHello + 1, end + 1],
      title: `TLS ClientHello to ${server} never answered: the ${byClient ? 'client' : 'server'} ${how} the connection ${waited} s later`,
      explanation: `The client sent its ClientHello (frame ${h.clientHello + 1}) and ${serverData ? 'the server answered with something that is not TLS' : 'no ServerHello, alert or any other byte came back'}; ${waited} s later the ${byClient ? 'client gave up and' : 'server'} ${how === 'reset' ? 'reset' : 'closed'} the connection (frame ${end + 1}). ${flow.handshakeCompleted ? 'TCP worked — the handshake completed and the ClientHello went through it — so the TLS layer' : 'The TLS layer'} is what never answered: the port is served by something that does not speak TLS (a plain-HTTP or other service, a stuck application that accepts and never reads), or a middlebox (TLS interception, an SNI filter) holds or drops the hello.`,
      groupTitle: (n) => `${n} TLS ClientHellos to ${server} never answered`,
      references: [RFC8446_6],
      about: { host: hostPort(server)[0], port: hostPort(server)[1] },
    },
  ];
}

function alertMeaning(description: number, fromClient: boolean): string {
  switch (description) {
    case 40:
      return fromClient
        ? "The client found nothing acceptable in the server's hello: no cipher suite, group or signature algorithm it accepts."
        : 'The server found no cipher suite (or key-exchange group, or signature algorithm) it shares with the client: the two configurations have nothing in common.';
    case 48:
      return "The client does not trust the certificate authority that signed the server's chain: the CA is not in the client's trust store, or the server does not send the intermediate certificates that lead to a trusted root.";
    case 42:
    case 43:
    case 46:
      return `The ${fromClient ? 'client' : 'server'} rejected the certificate it was sent (unsupported, corrupt, or not usable for this purpose).`;
    case 44:
      return 'The certificate has been revoked.';
    case 45:
      return 'The certificate has expired (or the clock of the side that checked it is wrong).';
    case 70:
      return 'The two sides support no TLS version in common: one only speaks versions the other has disabled (e.g. a TLS 1.3-only server and a TLS 1.2-only client).';
    case 71:
      return 'The server requires stronger ciphers than the client offers.';
    case 86:
      return 'The client retried with a lower version than it supports (a downgrade dance) and the server refused it (RFC 7507).';
    case 112:
      return "The server has no certificate for the name in the client's SNI.";
    case 116:
      return 'The server requires a client certificate and the client sent none.';
    case 120:
      return 'No ALPN protocol in common (e.g. the client offers only h2 and the server only http/1.1).';
    case 80:
      return 'The sender hit an internal error unrelated to the peer (a bug or a resource problem).';
    default:
      return `The ${fromClient ? 'client' : 'server'} refused to go on with the handshake.`;
  }
}

function hostPort(endpoint: string): [string, string] {
  const colon = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, colon);
  return [host.startsWith('[') ? host.slice(1, -1) : host, endpoint.slice(colon + 1)];
}
