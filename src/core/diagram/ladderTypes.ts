/**
 * The ladder diagram's data, apart from the code that builds it: the webview imports these types
 * without pulling the capture engine into its (browser-only) type check.
 */
/**
 * One piece of an arrow's label; `warn` marks a suspicious value, `tip` explains it, `verdict`
 * names the analysis verdict both come from (e.g. "timestamp-echo:mismatch:rejected").
 */
export interface LadderToken {
  text: string;
  warn?: boolean;
  tip?: string;
  verdict?: string;
}

export interface LadderArrow {
  frame: number;
  /** Seconds since the stream's first packet that has a timestamp. */
  at: number;
  from: 'client' | 'server';
  tokens: LadderToken[];
  /** Set on arrows that carry a finding's evidence. */
  warn?: boolean;
  /** Text written beside the arrow, e.g. the reset's cause or "+2.0 s (SYN retry)". */
  note?: string;
  /** Diagrams with LadderModel.lanes: where the arrow starts and ends and what happened on the way. */
  span?: LadderSpan;
  /** The arrow's own tooltip (a compare verdict). */
  tip?: string;
  /** A compare diagram's packet in each capture (1-based frame, 0: not there); `frame` is then the arrow's number. */
  frames?: { a: number; b: number };
}

/**
 * An arrow across the lanes of a LadderModel with `lanes`. Positions are lane indexes; a half
 * (1.5) is the path between two lanes: where a lost packet stops, an injected one starts, and a
 * modified one changes colour.
 */
export interface LadderSpan {
  from: number;
  to: number;
  kind: 'matched' | 'modified' | 'lost' | 'appeared' | 'outside';
  /** For 'modified': the position from which the arrow is drawn changed. */
  changedAt?: number;
}

/** A lane of a many-lane diagram: what it is ("client", "point A") and who ("10.0.0.1:41234", a file name). */
export interface LadderLane {
  role: string;
  label: string;
}

export interface LadderModel {
  stream: number;
  client: string;
  server: string;
  /** A middle lane when the analysis infers a device that rewrote packets between the ends. */
  middle?: { label: string; tip: string };
  arrows: LadderArrow[];
  /** True when the stream had more packets than the diagram shows. */
  truncated: boolean;
  /**
   * Lanes left to right instead of client and server (the compare view's client, point A, point B,
   * server); the arrows then carry a span. Unset: the two-lane diagram (and its inferred middle).
   */
  lanes?: LadderLane[];
  /** The diagram's title; unset: "TCP stream N: client → server". */
  title?: string;
}
