/**
 * The messages between the extension host, the capture worker and the webview, defined once and
 * imported by all three sides (vscode-hexeditor's shared-protocol idea): a renamed field breaks the
 * build, not the UI. Type-only: nothing here may import Node, DOM or vscode modules. Requests and
 * their replies travel through src/channel.ts: each request kind maps to one reply (ViewCalls,
 * AnalysisCalls) and src/replyChecks.ts checks that shape when the reply arrives.
 *
 * Positions vs packets: the table shows a *view* (all packets, or those a filter kept). A position
 * is an index into that view; a packet is the 0-based packet index in the capture (frame number − 1).
 *
 * The engine's result types are imported as types only (their files import nothing), so the
 * webview's browser-only type check never sees engine code.
 */
import type { Finding } from './core/diagnosis/finding';
import type { FlowSummary } from './core/flows/flowTypes';
import type { Conversation } from './core/stats/conversations';
import type { Endpoint } from './core/stats/endpoints';
import type { LadderModel } from './core/diagram/ladderTypes';
import type { PacketEvidence, TokenNote } from './core/knowledge/tokenNoteTypes';
import type { HttpHeader, HttpObject } from './core/http/httpMessage';
import type { BodyKind } from './core/http/bodyKind';
import type { ExportFormat, PacketSelection } from './core/export/exportTypes';
import type { Envelope, RequestFailed } from './channel';
import type { CompareFindingShape } from './core/compare/compareFindingShape';

export type { Envelope, RequestFailed } from './channel';

export type { LadderModel, LadderArrow, LadderToken, LadderSpan, LadderLane } from './core/diagram/ladderTypes';
export type { HttpHeader, HttpObject } from './core/http/httpMessage';
export type { BodyKind } from './core/http/bodyKind';
export type { ExportFormat, PacketSelection } from './core/export/exportTypes';

/** Row colouring, Wireshark's default rules in spirit; the webview maps each to theme colours. */
export type RowColor = 'bad' | 'rst' | 'synfin' | 'tcp' | 'udp' | 'dns' | 'http' | 'tls' | 'icmp' | 'icmperr' | 'arp' | 'other';

export type Severity = 'error' | 'warning' | 'info';

/** One table row, computed in the worker only for windows the webview asks for. */
export interface PacketRow {
  /** 0-based packet index; the No. column is packet + 1. */
  packet: number;
  /** Time column texts: absolute (UTC), relative to the first packet, delta to the previous shown row. */
  abs: string;
  rel: string;
  delta: string;
  src: string;
  dst: string;
  protocol: string;
  length: number;
  info: string;
  color: RowColor;
  /** Most severe finding that names this packet as evidence. */
  mark?: Severity;
  /** tcp.stream of a TCP packet (the diagram follows it). */
  stream?: number;
  /** The user marked the packet (Ctrl+M). */
  marked?: boolean;
  /** The packet has comments (the file's, or the user's). */
  commented?: boolean;
  /** udp.stream of a UDP packet (Follow UDP Stream). */
  udpStream?: number;
  /** TCP options in `info` explained in context: `token` is the option's text inside `info`. */
  tips?: InfoTip[];
}

export interface InfoTip {
  token: string;
  tip: string;
  warn?: boolean;
}

/** One line of the detail tree as the webview receives it (the engine's DetailNode, serialisable). */
export interface DetailItem {
  field: string;
  text: string;
  offset: number;
  length: number;
  severity?: 'note' | 'warning' | 'error';
  /**
   * Offsets address the reassembled datagram's bytes (the detail message's `reassembled`) or a
   * decrypted TLS record's plaintext (the detail message's `decrypted[record]`), not the frame's.
   */
  source?: 'reassembled' | 'decrypted';
  record?: number;
  /** Explanation shown as a tooltip (TCP options: what the option is, its RFC). */
  tooltip?: string;
  children?: DetailItem[];
}

/** Summary line shown above the table. */
export interface CaptureHeader {
  fileName: string;
  format: string;
  size: number;
  packets: number;
  duration?: string;
  first?: string;
  encapsulation: string[];
  error?: { message: string; offset: number };
  /** Reading stopped because the user cancelled it; `error` says at which byte. */
  cancelled?: boolean;
  /** The TLS key log in use: its file, the sessions it has keys for, and its bad lines. */
  tlsKeyLog?: { file: string; sessions: number; problems: Array<{ line: number; message: string }> };
}

export interface FilterError {
  message: string;
  /** 0-based character position in the filter text where the problem is. */
  position: number;
}

/**
 * A flow as the Flows tab lists it: the summary without the handshake detail (the diagram brings
 * its own), and how many findings name its stream.
 */
export type FlowView = Omit<FlowSummary, 'handshake' | 'options'> & { findings: number; worst?: Severity };
/** One finding for the Findings tab, as the engine made it (packets are 1-based frame numbers). */
export type FindingView = Finding;
/**
 * The flows stay in the worker: a capture can hold hundreds of thousands of conversations, so the
 * Flows tab asks for sorted windows of them like the packet table asks for rows.
 */
export type AnalysisState = { status: 'unavailable'; reason: string } | { status: 'running' } | { status: 'ready'; flowCount: number; findings: FindingView[] };

/** Columns the Flows tab sorts by ('stream': TCP, then UDP, then ICMP, each by stream number). */
export type FlowSortKey = 'stream' | 'client' | 'server' | 'state' | 'outcome' | 'packets' | 'bytes' | 'duration' | 'irtt' | 'findings';
export interface FlowSort {
  key: FlowSortKey;
  descending: boolean;
}

/** The webview's persisted UI state (getState/setState), echoed to the host on ready. */
export interface ViewState {
  filter: string;
  /** Selected packet (0-based) or -1. */
  selected: number;
  /** First visible position in the view. */
  top: number;
  timeMode: TimeMode;
  columnWidths: number[];
  tab: 'packets' | 'flows' | 'findings' | 'follow' | 'http' | 'stats' | 'graphs';
  /** The Statistics tab's page, table kinds and orders (unset: the defaults). */
  stats?: StatsUiState;
  /** The stream the Follow tab shows, and how (unset: none followed yet). */
  follow?: FollowKey;
  /** The TCP stream, exchange and body the HTTP tab shows, and how (unset: none opened yet). */
  http?: HttpViewKey;
  /** Order of the Flows tab. */
  flowSort: FlowSort;
  /** TCP stream whose diagram is shown (-1: none), and whether the Packets tab shows it beside the table. */
  diagram: number;
  sidePane: boolean;
  /** Width the user dragged the side pane to (px); unset: the default share. */
  sidePaneWidth?: number;
  /** What the Graphs tab shows (unset: the I/O graph with its defaults). */
  graphs?: GraphsState;
}

// ---------------------------------------------------------------------------------------------
// Graphs: the worker computes the numbers (thinned to the pixels asked for), the webview draws.

/** The I/O graph's y: packets, bytes or bits per interval (Wireshark's I/O graph units). */
export type IoUnit = 'packets' | 'bytes' | 'bits';
/** Wireshark's TCP stream graphs. */
export type TcpGraphType = 'stevens' | 'tcptrace' | 'throughput' | 'rtt' | 'window';
/** The data sender of a stream graph; 'auto': whichever sent more (or what the evidence packet says). */
export type TcpGraphDirection = 'auto' | 'client' | 'server';
export type GraphColor = 'blue' | 'red' | 'green' | 'orange' | 'purple' | 'yellow' | 'foreground';
export type GraphSeriesKind = 'dots' | 'line' | 'step' | 'vbars' | 'rings' | 'crosses';

/** One series of a graph: the points kept for the width asked for, and the packet (0-based, −1: none) behind each. */
export interface GraphSeriesView {
  name: string;
  kind: GraphSeriesKind;
  color: GraphColor;
  x: number[];
  y: number[];
  /** vbars: where each bar ends. */
  y2?: number[];
  packet: number[];
  /** Points in the range before thinning (more than `x.length` when thinned). */
  total: number;
}

export interface GraphView {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  yFromZero: boolean;
  series: GraphSeriesView[];
  /** The whole graph's data range (what "reset zoom" shows). */
  extent: { x0: number; x1: number; y0: number; y1: number };
}

/** The Graphs tab's persisted choices. */
export interface GraphsState {
  kind: 'io' | 'tcp';
  io: { interval: number | 'auto'; unit: IoUnit; filters: string[]; bars: boolean; log: boolean };
  tcp?: { stream: number; direction: TcpGraphDirection; graph: TcpGraphType };
}

/** One I/O graph filter as the worker took it: an invalid one is reported and left out of the graph. */
export interface IoFilterView {
  text: string;
  error?: FilterError;
}
export type TimeMode = 'abs' | 'rel' | 'delta';
/** Wireshark's Edit → Mark/Unmark Packet, Next Mark, Previous Mark. */
export type MarkAction = 'toggle' | 'next' | 'previous';

/**
 * An HTTP/1.x message of a TCP stream as the Follow view shows it: its head, where its bytes are
 * (0-based packets), and what its body is; the body itself comes in windows (httpBody).
 */
export interface HttpMessageView {
  kind: 'request' | 'response';
  startLine: string;
  headers: HttpHeader[];
  trailers: HttpHeader[];
  firstPacket: number;
  lastPacket: number;
  framing: 'none' | 'length' | 'chunked' | 'close';
  /** Bytes of the body as sent (de-chunked, still content-coded). */
  bodySize: number;
  contentType: string;
  /** Content-Encoding in the order applied ("gzip", "br"…); the decoded body is asked for with decoded: true. */
  contentEncoding: string[];
  /** How to show the body; unset for a coded body (its httpBody reply says, once decoded). */
  bodyKind?: BodyKind;
  /** The capture ends inside the body / lacks bytes inside the message. */
  truncated: boolean;
  missing: boolean;
  /** Why the message could not be framed (nothing after it in that direction is parsed). */
  error?: string;
}

/** How the HTTP tab shows a body: as UTF-8 text, pretty JSON, an image (in an <img>, never as markup), or a hex dump. */
export type HttpBodyMode = 'text' | 'json' | 'image' | 'hex';

/** What the HTTP tab shows: an exchange of a TCP stream, one of its bodies, in a mode, decoded or as sent. */
export interface HttpViewKey {
  stream: number;
  exchange: number;
  part: 'request' | 'response';
  /** Unset: the mode the body's kind suggests. */
  mode?: HttpBodyMode;
  /** Content coding undone (gzip, deflate, br); false: the bytes as sent (de-chunked). */
  decoded: boolean;
}

/** A request, the 1xx responses before its answer, and the answer (pipelined answers pair in order). */
export interface HttpExchangeView {
  request?: HttpMessageView;
  interim: HttpMessageView[];
  response?: HttpMessageView;
}

/** A window of a message body: `total` bytes in all (decoded, when asked so and it could be). */
export type HttpBodyReply = {
  type: 'httpBody';
  stream: number;
  exchange: number;
  part: 'request' | 'response';
  decoded: boolean;
  start: number;
  total: number;
  bytes: number[];
  kind: BodyKind;
  /** The body could not be decoded (corrupt, unsupported coding, too large): no bytes. */
  error?: string;
};

// ---------------------------------------------------------------------------------------------
// Follow Stream: the worker lays a stream out as lines (src/core/follow/followLines.ts) and sends
// the window on screen; the webview only draws them.

/** The Follow view's formats: tshark's ascii, hex, raw and yaml, and Wireshark's UTF-8 and C arrays. */
export type FollowFormat = 'ascii' | 'utf8' | 'hex' | 'raw' | 'carray' | 'yaml';
export type FollowDirection = 'both' | 'client' | 'server';

/** Which stream, laid out how: every Follow request and reply carries it, so a late reply for another layout is recognised. */
export type FollowKey = {
  kind: 'tcp' | 'udp';
  stream: number;
  format: FollowFormat;
  direction: FollowDirection;
};

/** One screen line of a followed stream. */
export interface FollowLineView {
  text: string;
  /** 0: client, 1: server, -1: neither (the yaml view's peer list). */
  direction: number;
  /** The packet (0-based) the line's bytes came in; -1 for none. */
  packet: number;
  /** Bytes the capture lacks ("[N bytes missing]"). */
  gap?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Statistics (issue 13): the worker computes each table once per capture, keeps it, sorts it and
// sends the window on screen; every row carries the display filter that shows its packets.

/** The tables tshark's `-z endpoints,TYPE` and `-z conv,TYPE` have. */
export type StatsKind = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';
export type StatsPage = 'overview' | 'phs' | 'endpoints' | 'conversations';
export type PhsSortKey = 'tree' | 'protocol' | 'frames' | 'bytes';
export type EndpointSortKey = 'first' | 'address' | 'port' | 'packets' | 'bytes' | 'txPackets' | 'txBytes' | 'rxPackets' | 'rxBytes';
export type ConversationSortKey =
  | 'first'
  | 'addressA'
  | 'portA'
  | 'addressB'
  | 'portB'
  | 'packetsAToB'
  | 'bytesAToB'
  | 'packetsBToA'
  | 'bytesBToA'
  | 'packets'
  | 'bytes'
  | 'start'
  | 'duration';
/** An order of a statistics table ('first': tshark's, first appearance; 'tree': the hierarchy as tshark prints it). */
export interface StatsSort<K extends string = string> {
  key: K;
  descending: boolean;
}

export interface StatsUiState {
  page: StatsPage;
  endpointKind: StatsKind;
  conversationKind: StatsKind;
  phsSort: StatsSort<PhsSortKey>;
  /** The hierarchy's folded nodes (PhsRow.path); unset in a state saved before folding existed. */
  phsCollapsed?: string[];
  endpointSort: StatsSort<EndpointSortKey>;
  conversationSort: StatsSort<ConversationSortKey>;
}

/** One protocol of the hierarchy, flattened depth first (siblings in the asked order). */
export interface PhsRow {
  protocol: string;
  depth: number;
  /** The node's protocols from the root ("eth/ip/tcp"; a name twice among siblings gets "#2"): names it across orders and captures. */
  path: string;
  /** How many protocols sit directly under it (0: a leaf, nothing to fold). */
  children: number;
  frames: number;
  bytes: number;
  /** Of all frames / all bytes of the capture, 0..100. */
  framesPercent: number;
  bytesPercent: number;
  /** The protocol's display filter; unset when our filter does not know the protocol. */
  filter?: string;
}

/** An endpoints row (core/stats/endpoints.ts) with the display filter that shows its packets. */
export interface EndpointRow extends Endpoint {
  filter: string;
}

/** A conversations row (core/stats/conversations.ts) with the display filter that shows its packets. */
export interface ConversationRow extends Conversation {
  filter: string;
}

/** The Statistics overview: one screen about the capture. */
export interface CaptureOverview {
  fileName: string;
  format: string;
  size: number;
  interfaces: Array<{ name?: string; linkType: string; snaplen: number }>;
  packets: number;
  /** Frame bytes (frame.len) of all packets. */
  bytes: number;
  first?: string;
  last?: string;
  /** Seconds from the first to the last packet (unset without timestamps). */
  duration?: number;
  /** Packets whose layers the decoders could not name (shown as raw data), and those cut or inconsistent. */
  notDecoded: number;
  malformed: number;
  truncated: number;
  /** tcp.analysis.* flags and how many packets carry each (unset until the analysis has run). */
  analysisFlags?: Array<{ flag: string; packets: number }>;
  /** Findings by severity (unset until the analysis has run). */
  findings?: Record<Severity, number>;
  flows?: number;
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// Webview → host (the host forwards the data requests to the worker, tagged with the view id)

export type ViewRequest =
  | { type: 'rows'; /** filter generation the positions refer to */ gen: number; start: number; count: number }
  | { type: 'setFilter'; text: string }
  | { type: 'detail'; packet: number }
  | { type: 'goto'; gen: number; frame: number }
  | { type: 'positionOf'; gen: number; packet: number }
  | { type: 'ladder'; stream: number }
  /** Flows at positions start..start+count-1 of the list in `sort` order. */
  | { type: 'flows'; sort: FlowSort; start: number; count: number }
  /** Where a conversation sits in the list in `sort` order (a command or restored state selects it). */
  | { type: 'flowPosition'; sort: FlowSort; transport: FlowView['transport']; stream: number }
  /** Exchanges start..start+count-1 of TCP stream `stream`'s HTTP/1.x exchanges (none when it is not HTTP). */
  | { type: 'httpMessages'; stream: number; start: number; count: number }
  /** Bytes start..start+count-1 of a message's body: as sent (de-chunked) or `decoded` (content coding undone). */
  | { type: 'httpBody'; stream: number; exchange: number; part: 'request' | 'response'; decoded: boolean; start: number; count: number }
  /** Bodies start..start+count-1 of the capture's HTTP bodies, as Export Objects → HTTP lists them. */
  | { type: 'httpObjects'; start: number; count: number }
  /** Mark or unmark packets (Ctrl+M); the reply says how many are marked now. */
  | { type: 'mark'; packets: number[]; marked: boolean }
  /**
   * Ctrl+M on the packet at view `position`: the worker flips its mark. By position, not by row, so
   * it works before the selected row's text has arrived (right after a reveal or a jump).
   */
  | { type: 'toggleMark'; gen: number; position: number }
  /** The view position of the next (or previous) marked packet from `position`, wrapping around. */
  | { type: 'nextMark'; gen: number; position: number; backwards: boolean }
  /** Replace a packet's comments (an empty list removes them); written as pcapng comments on export. */
  | { type: 'comment'; packet: number; comments: string[] }
  /** The bytes of a pcap/pcapng file holding the selected packets (Export Specified Packets). */
  | { type: 'exportPackets'; selection: PacketSelection; format: ExportFormat }
  /**
   * The I/O graph: the whole capture and up to five filters per interval (seconds, or 'auto'), in
   * x-range `range` (unset: all) thinned for `width` pixel columns.
   */
  | { type: 'ioGraph'; interval: number | 'auto'; unit: IoUnit; filters: string[]; range?: [number, number]; width: number }
  /**
   * A TCP stream graph. `evidence` (a 0-based packet a finding names): with direction 'auto' its
   * sender decides the direction (a segment's sender sends the data; an ACK's peer does).
   */
  | { type: 'tcpGraph'; stream: number; direction: TcpGraphDirection; graph: TcpGraphType; evidence?: number; range?: [number, number]; width: number }
  /** Lays out a stream to follow: how many lines, the peers and what each sent. */
  | ({ type: 'follow' } & FollowKey)
  /** Lines start..start+count-1 of a followed stream's layout. */
  | ({ type: 'followLines'; start: number; count: number } & FollowKey)
  /** The next (or previous) line after `from` that contains `text`. */
  | ({ type: 'followFind'; text: string; from: number; backwards: boolean } & FollowKey)
  /** The Statistics overview. */
  | { type: 'overview' }
  /** Rows start..start+count-1 of the protocol hierarchy (without what is under its `collapsed` paths), of the endpoints or conversations of a kind, in `sort` order. */
  | { type: 'phs'; sort: StatsSort<PhsSortKey>; start: number; count: number; collapsed?: string[] }
  | { type: 'endpoints'; kind: StatsKind; sort: StatsSort<EndpointSortKey>; start: number; count: number }
  | { type: 'conversations'; kind: StatsKind; sort: StatsSort<ConversationSortKey>; start: number; count: number }
  /** A whole statistics table as CSV, in `sort` order (the numbers behind the view). */
  | { type: 'statsCsv'; table: 'phs' | 'endpoints' | 'conversations'; kind?: StatsKind; sort: StatsSort };

export type ViewToHost =
  | { type: 'ready' }
  | { type: 'reload' }
  | { type: 'log'; level: 'info' | 'error'; text: string }
  /** Stop reading the file; what was read stays. */
  | { type: 'cancel' }
  /** The view's UI state after each change (commands and tests read it on the host). */
  | { type: 'uiState'; state: ViewState }
  /** Save a message body to a file the user picks (the HTTP tab's Save body…); the host reads it from the worker. */
  | { type: 'saveHttpBody'; stream: number; exchange: number; part: 'request' | 'response'; decoded: boolean }
  | FixRequest
  | Envelope<ViewRequest>;

/**
 * A finding's fix that only the host can carry out (the page can open no link, write no clipboard and
 * edit no file): the Findings tab's actions, as the Problems panel's quick fixes offer them.
 */
export type FixRequest =
  | { type: 'openLink'; url: string }
  /** `what`: how the notification names a long text (a table's CSV) instead of quoting it. */
  | { type: 'copyText'; text: string; what?: string }
  /** Add `key = value` to a sysctl file the user picks (the Problems side's sysctl quick fix). */
  | { type: 'addSysctlSetting'; key: string; value: string; comment: string }
  /** A graph copied or saved: SVG and CSV text go to the clipboard, a PNG (base64) to a file the user picks. */
  | { type: 'graphExport'; format: 'svg' | 'csv' | 'png'; name: string; data: string };

// ---------------------------------------------------------------------------------------------
// Host → webview

export type ViewReply =
  | { type: 'rows'; gen: number; start: number; rows: PacketRow[] }
  | { type: 'filter'; gen: number; text: string; count: number; total: number; error?: FilterError; ms: number }
  | {
      type: 'detail';
      packet: number;
      tree: DetailItem[];
      bytes: number[];
      reassembled?: { title: string; bytes: number[] };
      /** The plaintext of each TLS record the frame completes and the key log opened (Wireshark's "Decrypted TLS" tabs). */
      decrypted?: Array<{ title: string; bytes: number[] }>;
    }
  | { type: 'goto'; gen: number; frame: number; position: number; exact: boolean }
  | { type: 'positionOf'; gen: number; packet: number; position: number }
  | { type: 'ladder'; stream: number; model?: LadderModel; reason?: string }
  | { type: 'flows'; sort: FlowSort; start: number; total: number; flows: FlowView[] }
  /** `position` is -1 when the capture has no such conversation. */
  | { type: 'flowPosition'; sort: FlowSort; transport: FlowView['transport']; stream: number; position: number }
  /** `total`: the stream's exchanges in all; `exchanges`: the window asked for, from `start`. */
  | { type: 'httpMessages'; stream: number; start: number; total: number; exchanges: HttpExchangeView[] }
  | HttpBodyReply
  | { type: 'httpObjects'; start: number; total: number; objects: HttpObject[] }
  | { type: 'marks'; count: number }
  /** The packet (0-based) Ctrl+M flipped, whether it is marked now, and how many are marked in all. */
  | { type: 'toggledMark'; gen: number; packet: number; marked: boolean; count: number }
  /** `position` is -1 when the view shows no marked packet. */
  | { type: 'nextMark'; gen: number; position: number }
  | { type: 'comment'; packet: number; comments: string[] }
  /** `error`: why nothing was written (a bad filter, a link type pcap cannot hold). */
  | { type: 'exported'; packets: number; bytes: Uint8Array; error?: string }
  /**
   * `lines` 0 and a `reason` when there is no such stream. peers: [client, server] endpoints;
   * packets and bytes: what each side contributed; gaps: how many holes the capture has in it.
   */
  | ({ type: 'follow'; lines: number; peers: string[]; packets: number[]; bytes: number[]; gaps: number; reason?: string } & FollowKey)
  | ({ type: 'followLines'; start: number; lines: FollowLineView[] } & FollowKey)
  /** `line` -1: no line contains the text. */
  | ({ type: 'followFind'; text: string; line: number; column: number } & FollowKey)
  /** `interval`: the one used (auto resolved); `error`: why there is no graph (too many intervals). */
  | { type: 'ioGraph'; interval: number; unit: IoUnit; filters: IoFilterView[]; graph?: GraphView; error?: string }
  /** `direction`: the data sender shown; `evidenceTime`: the evidence packet's x; `reason`: why no graph. */
  | {
      type: 'tcpGraph';
      stream: number;
      direction: 'client' | 'server';
      graph: TcpGraphType;
      chart?: GraphView;
      evidenceTime?: number;
      reason?: string;
    }
  | { type: 'overview'; overview: CaptureOverview }
  | { type: 'phs'; sort: StatsSort<PhsSortKey>; start: number; total: number; rows: PhsRow[] }
  | { type: 'endpoints'; kind: StatsKind; sort: StatsSort<EndpointSortKey>; start: number; total: number; rows: EndpointRow[] }
  | { type: 'conversations'; kind: StatsKind; sort: StatsSort<ConversationSortKey>; start: number; total: number; rows: ConversationRow[] }
  | { type: 'statsCsv'; table: 'phs' | 'endpoints' | 'conversations'; rows: number; text: string };

/** Each view request kind and the reply it gets (request('setFilter', …) resolves with the filter reply). */
export interface ViewCalls {
  rows: Extract<ViewReply, { type: 'rows' }>;
  setFilter: Extract<ViewReply, { type: 'filter' }>;
  detail: Extract<ViewReply, { type: 'detail' }>;
  goto: Extract<ViewReply, { type: 'goto' }>;
  positionOf: Extract<ViewReply, { type: 'positionOf' }>;
  ladder: Extract<ViewReply, { type: 'ladder' }>;
  flows: Extract<ViewReply, { type: 'flows' }>;
  flowPosition: Extract<ViewReply, { type: 'flowPosition' }>;
  httpMessages: Extract<ViewReply, { type: 'httpMessages' }>;
  httpBody: HttpBodyReply;
  httpObjects: Extract<ViewReply, { type: 'httpObjects' }>;
  mark: Extract<ViewReply, { type: 'marks' }>;
  toggleMark: Extract<ViewReply, { type: 'toggledMark' }>;
  nextMark: Extract<ViewReply, { type: 'nextMark' }>;
  comment: Extract<ViewReply, { type: 'comment' }>;
  exportPackets: Extract<ViewReply, { type: 'exported' }>;
  follow: Extract<ViewReply, { type: 'follow' }>;
  followLines: Extract<ViewReply, { type: 'followLines' }>;
  followFind: Extract<ViewReply, { type: 'followFind' }>;
  ioGraph: Extract<ViewReply, { type: 'ioGraph' }>;
  tcpGraph: Extract<ViewReply, { type: 'tcpGraph' }>;
  overview: Extract<ViewReply, { type: 'overview' }>;
  phs: Extract<ViewReply, { type: 'phs' }>;
  endpoints: Extract<ViewReply, { type: 'endpoints' }>;
  conversations: Extract<ViewReply, { type: 'conversations' }>;
  statsCsv: Extract<ViewReply, { type: 'statsCsv' }>;
}

/** A view request's reply on the wire: the reply with its request's id, or why it could not be served. */
export type ViewReplyEnvelope = Envelope<ViewReply> | RequestFailed;

/** What the host's commands ask an open editor to show (pcapInspector.revealPacket / showStream). */
export type ViewIntent =
  | { type: 'reveal'; frame: number }
  | { type: 'showStream'; stream: number }
  | { type: 'applyFilter'; filter: string }
  /** Follow the selected packet's TCP or UDP stream (Wireshark's Ctrl+Alt+Shift+T). */
  | { type: 'followSelected' };

/**
 * Reading progress. While a file is read, `packets` rows are final and can be asked for under
 * generation `gen` (the unfiltered view of the file being read), so rows appear before the end.
 */
export interface Progress {
  type: 'progress';
  bytes: number;
  total: number;
  packets: number;
  gen: number;
}

export type HostToView =
  /** A (re)load started: forget cached rows. */
  | { type: 'loading'; fileName: string; reload: boolean }
  | Progress
  /** Loading finished (a file cut or corrupt part-way: header.error says where). */
  | { type: 'loaded'; header: CaptureHeader; ms: number }
  /** Nothing to show: the file could not be read, or the user cancelled loading. */
  | { type: 'failed'; message: string }
  | { type: 'analysis'; analysis: AnalysisState }
  | { type: 'intent'; intent: ViewIntent }
  /** Open the go-to-packet box (the editor's Ctrl+G / Cmd+G keybinding, or the command palette). */
  | { type: 'openGoto' }
  /** A packet's marks or comments changed (another editor, a command): redraw the rows, and its detail if shown. */
  | { type: 'annotations'; packet: number }
  /** The mark keys (Ctrl+M, Ctrl+Shift+N / B), bound in VS Code so they win over its own bindings there. */
  | { type: 'markAction'; action: MarkAction }
  | ViewReplyEnvelope;

// ---------------------------------------------------------------------------------------------
// Host ↔ worker (worker_threads). The worker owns the Capture; views are the open webviews.

/** A TLS key log the host found for the capture (the user's choice, the setting, or one beside the file). */
export interface KeyLogSpec {
  /** Its path or URI as the user knows it. */
  file: string;
  text: string;
}

export type CaptureSourceSpec = { kind: 'path'; path: string; fileName: string } | { kind: 'bytes'; bytes: Uint8Array; fileName: string };

export type HostToWorker =
  /** `stop`: an Int32Array(1) flag over shared memory; the host sets it to cancel reading. */
  | { type: 'open'; source: CaptureSourceSpec; stop: SharedArrayBuffer; keyLog?: KeyLogSpec }
  | { type: 'request'; view: string; msg: Envelope<ViewRequest> }
  | { type: 'dropView'; view: string }
  /** The Problems side's question about the capture this worker holds. */
  | { type: 'query'; msg: Envelope<AnalysisQuery> };

export type WorkerToHost =
  | Progress
  | { type: 'loaded'; header: CaptureHeader; ms: number }
  | { type: 'failed'; message: string }
  | { type: 'analysis'; analysis: AnalysisState }
  /** A request failed inside the worker (a bug, not a capture problem): logged by the host. */
  | { type: 'error'; message: string }
  | { type: 'reply'; view: string; msg: ViewReplyEnvelope }
  | { type: 'queryReply'; msg: AnalysisReplyEnvelope };

// ---------------------------------------------------------------------------------------------
// The Problems side: what it asks about a capture, and the answers. It needs only whole-capture
// analysis, the text view and token notes, none of the editor's paging. The same questions go to
// the analysis worker (dist/analysisWorker.js) or, when the capture is open in the editor, to that
// editor's worker (the 'query' message above), which already holds it.

export type CaptureSource = { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

export type AnalysisQuery = { type: 'analyze' } | { type: 'text'; filter?: string } | { type: 'notes'; frame: number };

export interface CaptureAnalysis {
  packets: number;
  findings: Finding[];
  /** The text line of every evidence packet, by frame number (for related information). */
  evidenceLines: Record<number, string>;
  /** Why reading stopped early, when it did. */
  error?: string;
}

export type AnalysisAnswer =
  | { type: 'analyzed'; analysis: CaptureAnalysis }
  | { type: 'text'; text: string; frames?: number[] }
  | { type: 'notes'; notes: TokenNote[]; evidence: PacketEvidence[] };

/** Each question and its answer (request('notes', …) resolves with the notes answer). */
export interface AnalysisCalls {
  analyze: Extract<AnalysisAnswer, { type: 'analyzed' }>;
  text: Extract<AnalysisAnswer, { type: 'text' }>;
  notes: Extract<AnalysisAnswer, { type: 'notes' }>;
}

export type AnalysisReplyEnvelope = Envelope<AnalysisAnswer> | RequestFailed;

/** A question to the analysis worker about the capture at `source` (kept open under `key`). */
export type AnalysisRequest = AnalysisQuery & { key: string; source: CaptureSource };

// ---------------------------------------------------------------------------------------------
// The language-model tools (src/core/assistant), run in their own instance of the analysis worker:
// check a call (toolPrepare) or run it (toolRun). `roots` are the workspace folders at the time of
// the call: the only places a capture may be read from.

export type ToolRequest =
  { type: 'toolPrepare'; name: string; input: unknown; roots: string[] } | { type: 'toolRun'; name: string; input: unknown; roots: string[] };

export type ToolAnswer =
  /** `file`: the capture the call reads; the messages are what VS Code shows before running it. */
  { type: 'toolPrepared'; file: string; invocationMessage: string; displayName: string } | { type: 'toolResult'; text: string };

/** Each tool request and its answer; a call that cannot run is a RequestFailed whose message is for the model. */
export interface ToolCalls {
  toolPrepare: Extract<ToolAnswer, { type: 'toolPrepared' }>;
  toolRun: Extract<ToolAnswer, { type: 'toolResult' }>;
}

export type ToolReplyEnvelope = Envelope<ToolAnswer> | RequestFailed;

/** Extension host → analysis worker. `cancel`: stop working on request `id` (a tool call the user stopped). */
export type ToAnalysisWorker =
  | Envelope<AnalysisRequest>
  | Envelope<ToolRequest>
  | Envelope<CompareWorkerRequest>
  | { type: 'forget'; key: string }
  | { type: 'cancel'; id: number }
  /** The compare panel closed: its comparison and both captures go. */
  | { type: 'compareClose'; session: string };

// ---------------------------------------------------------------------------------------------
// Compare two captures (issue 14): the comparison runs in an instance of the analysis worker
// (src/extension/compare/compareRequests.ts) and stays there; the compare panel asks for windows of
// its aligned rows and for one connection's four-lane ladder, like the packet table asks for rows.

/** The engine's verdict on a row (core/compare/compareTypes.ts PACKET_CLASS_NAMES). */
export type CompareRowClass = 'matched' | 'modified' | 'lostBetween' | 'appearedBetween' | 'onlyOutsideOverlap' | 'notForwarded';

/** One capture's packet of a row: 1-based frame, time since that capture's first packet, a one-line summary. */
export interface CompareCell {
  frame: number;
  time: string;
  summary: string;
}

/** A changed field of a modified pair, as each capture shows it (the engine's changedFields; null: absent). */
export interface CompareFieldView {
  name: string;
  a: number | string | null;
  b: number | string | null;
}

/** A compare finding as the page and the Problems panel get it (rule ids and field names as strings). */
export type CompareFinding = CompareFindingShape<string, CompareFieldView>;

/** One line of the side-by-side view: a pair, or a packet only one capture has. */
export interface CompareRowView {
  a?: CompareCell;
  b?: CompareCell;
  cls: CompareRowClass;
  /** Which way it travels between the points. */
  direction: 'aToB' | 'bToA' | 'unknown';
  /** One-way delay between the points in ms (3 decimals), for a pair. */
  delay?: string;
  fields: CompareFieldView[];
  /** The engine's verdict in a sentence. */
  verdict: string;
}

/** A compared connection for the picker: how each capture shows it, and the NAT mapping when addresses differ. */
export interface CompareConnectionView {
  streamA: number;
  streamB: number;
  /** "10.0.0.5:41234 ⇄ 10.0.0.9:80" as A shows it, and as B shows it ('' where that capture lacks it). */
  atA: string;
  atB: string;
  /** "10.0.0.5:41234 → 203.0.113.7:6001" per rewritten endpoint (A's view → B's view). */
  nat: string[];
  packets: Record<'matched' | 'modified' | 'lostBetween' | 'appearedBetween' | 'onlyOutsideOverlap', number>;
}

export interface CompareSummary {
  fileA: string;
  fileB: string;
  packetsA: number;
  packetsB: number;
  /** B's clock minus A's in ms, and the one-way delays' medians (ms); null when unknown. */
  clockOffset: number | null;
  delayAToB: number | null;
  delayBToA: number | null;
  packets: { matched: number; modified: number; lostBetween: number; appearedBetween: number; onlyOutsideOverlap: number; notForwarded: number };
  connections: CompareConnectionView[];
  findings: CompareFinding[];
  /** The aligned rows of every packet. */
  rows: number;
  /** The text line of every evidence frame in A and in B, by frame (the Problems panel's ranges and messages). */
  evidenceA: Record<number, string>;
  evidenceB: Record<number, string>;
  /** Why a capture could not be read to its end, when it could not. */
  errors: string[];
}

/** The compare page's questions (the host adds the session and asks the worker). `connection` −1: all rows. */
export type CompareViewRequest =
  | { type: 'compareRows'; connection: number; start: number; count: number }
  | { type: 'compareRowCount'; connection: number }
  /** The row showing frame `frame` of capture `side` in the rows of `connection` (−1 when not there). */
  | { type: 'compareRowOf'; connection: number; side: 'a' | 'b'; frame: number }
  | { type: 'compareLadder'; connection: number };

export type CompareViewReply =
  | { type: 'compareRows'; connection: number; start: number; rows: CompareRowView[] }
  | { type: 'compareRowCount'; connection: number; rows: number }
  | { type: 'compareRowOf'; connection: number; side: 'a' | 'b'; frame: number; row: number }
  | { type: 'compareLadder'; connection: number; model?: LadderModel };

/** The host → worker side: open a comparison under `session`, ask about it, drop it. */
export type CompareWorkerRequest =
  { type: 'compareOpen'; session: string; a: CaptureSource; b: CaptureSource; names: { a: string; b: string } } | (CompareViewRequest & { session: string });

export type CompareWorkerReply = { type: 'compareOpened'; session: string; summary: CompareSummary } | CompareViewReply;

export interface CompareCalls {
  compareOpen: Extract<CompareWorkerReply, { type: 'compareOpened' }>;
  compareRows: Extract<CompareViewReply, { type: 'compareRows' }>;
  compareRowCount: Extract<CompareViewReply, { type: 'compareRowCount' }>;
  compareRowOf: Extract<CompareViewReply, { type: 'compareRowOf' }>;
  compareLadder: Extract<CompareViewReply, { type: 'compareLadder' }>;
}

export type CompareReplyEnvelope = Envelope<CompareWorkerReply> | RequestFailed;

/** The compare page → host. */
export type CompareViewToHost =
  | { type: 'ready' }
  | { type: 'log'; level: 'info' | 'error'; text: string }
  /** Show a frame of capture A or B in that capture's editor (pcapInspector.revealPacket). */
  | { type: 'reveal'; side: 'a' | 'b'; frame: number }
  | Envelope<CompareViewRequest>;

/** Host → the compare page: the comparison (or why there is none), and the replies. */
export type HostToCompareView =
  | { type: 'compareLoading'; fileA: string; fileB: string }
  | { type: 'compared'; summary: CompareSummary }
  | { type: 'compareFailed'; message: string }
  | Envelope<CompareViewReply>
  | RequestFailed;

/** The compare page's persisted state. */
export interface CompareViewState {
  connection: number;
}
