import type { AnalysisState, LadderModel } from '../src/protocol';
import { requests, unanswered } from './hostChannel';
import type { LadderDiagram } from './ladderDiagram';

/**
 * The handshake diagrams the views show (beside the packet table, under the flows, under the
 * findings): each stream's model is asked for once and drawn in every diagram that wants it, now
 * or when the analysis it needs is there.
 */
export class Diagrams {
  private analysis: AnalysisState = { status: 'running' };
  private readonly ladders = new Map<number, { model?: LadderModel; reason?: string }>();
  private readonly wanted = new Map<LadderDiagram, { stream: number; evidence: Set<number> }>();

  /**
   * `onShow`: a stream's diagram was asked for (the page remembers it); `selectedFrame`: the packet
   * selected in the table, which the diagram beside it highlights.
   */
  constructor(
    private readonly all: LadderDiagram[],
    private readonly beside: LadderDiagram,
    private readonly onShow: (stream: number) => void,
    private readonly selectedFrame: () => number,
  ) {}

  /** A new file: diagrams drawn for the old one are forgotten. */
  forget(): void {
    this.ladders.clear();
  }

  /** Whether `d` was asked to show something (restored state waits for the analysis otherwise). */
  wants(d: LadderDiagram): boolean {
    return this.wanted.has(d);
  }

  setAnalysis(a: AnalysisState): void {
    this.analysis = a;
    this.ladders.clear();
    if (a.status !== 'ready') {
      for (const d of this.all) d.showMessage(a.status === 'running' ? 'Analysing…' : a.reason);
      return;
    }
    for (const d of this.all) d.showMessage('Select a TCP flow or finding to see its handshake diagram.');
    // Diagrams asked for before the analysis was there (or restored state): draw them now.
    for (const [d, w] of this.wanted) this.show(d, w.stream, w.evidence);
  }

  /** Asks for a stream's diagram (once per stream) and draws it in `d` when it is there. */
  show(d: LadderDiagram, stream: number, evidence: Set<number> = new Set()): void {
    this.wanted.set(d, { stream, evidence });
    this.onShow(stream);
    if (this.analysis.status !== 'ready') {
      d.showMessage(this.analysis.status === 'running' ? 'Analysing…' : this.analysis.reason);
      return;
    }
    const got = this.ladders.get(stream);
    if (!got) {
      this.ladders.set(stream, {});
      d.showMessage(`Drawing TCP stream ${stream}…`);
      requests.request('ladder', { stream }).then((m) => this.onLadder(m.stream, m.model, m.reason), unanswered);
    } else if (got.model) {
      if (d.stream !== stream || evidence.size) d.show(got.model, evidence);
      if (d === this.beside && this.selectedFrame() > 0) d.select(this.selectedFrame());
    } else if (got.reason) d.showMessage(got.reason);
  }

  private onLadder(stream: number, model: LadderModel | undefined, reason: string | undefined): void {
    this.ladders.set(stream, { model, reason });
    for (const [d, w] of this.wanted) if (w.stream === stream) this.show(d, w.stream, w.evidence);
  }
}
