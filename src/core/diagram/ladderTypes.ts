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
}
