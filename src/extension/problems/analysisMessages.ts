import type { Finding } from '../../core/diagnosis/finding';
import type { PacketEvidence, TokenNote } from '../../core/knowledge/tcpTokenNotes';

/**
 * What the Problems side asks about a capture, and the answers. Kept apart from src/protocol.ts
 * (the capture editor's host/worker/webview messages): the Problems side needs only whole-capture
 * analysis, the text view and token notes, none of the editor's paging. The same questions go to
 * the analysis worker (dist/analysisWorker.js) or, when the capture is open in the editor, to that
 * editor's worker, which already holds it.
 */
export type CaptureSource = { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

export type AnalysisQuery =
  | { type: 'analyze' }
  | { type: 'text'; filter?: string }
  | { type: 'notes'; frame: number };

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

/** Extension host → analysis worker: a query about the capture at `source` (cached under `key`). */
export type AnalysisRequest =
  | (AnalysisQuery & { id: number; key: string; source: CaptureSource })
  | { type: 'forget'; key: string };

export type AnalysisReply = (AnalysisAnswer & { id: number }) | { type: 'failed'; id: number; message: string };

/** Extension host ↔ a capture editor's worker: the same queries about the capture it holds. */
export type QueryToWorker = { type: 'query'; id: number; query: AnalysisQuery };
export type QueryFromWorker = { type: 'queryReply'; id: number; answer?: AnalysisAnswer; error?: string };
