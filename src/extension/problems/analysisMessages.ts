import type { Finding } from '../../core/diagnosis/finding';
import type { PacketEvidence, TokenNote } from '../../core/knowledge/tcpTokenNotes';

/**
 * Messages between the extension host and the analysis worker (dist/analysisWorker.js). Kept apart
 * from src/protocol.ts (the capture editor's host/worker/webview messages): the Problems side needs
 * only whole-capture analysis, the text view and token notes, none of the editor's paging.
 */
export type CaptureSource = { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

export type AnalysisRequest =
  | { type: 'analyze'; id: number; key: string; source: CaptureSource }
  | { type: 'text'; id: number; key: string; source: CaptureSource; filter?: string }
  | { type: 'notes'; id: number; key: string; source: CaptureSource; frame: number }
  | { type: 'forget'; key: string };

export interface CaptureAnalysis {
  packets: number;
  findings: Finding[];
  /** The text line of every evidence packet, by frame number (for related information). */
  evidenceLines: Record<number, string>;
  /** Why reading stopped early, when it did. */
  error?: string;
}

export type AnalysisReply =
  | { type: 'analyzed'; id: number; analysis: CaptureAnalysis }
  | { type: 'text'; id: number; text: string; frames?: number[] }
  | { type: 'notes'; id: number; notes: TokenNote[]; evidence: PacketEvidence[] }
  | { type: 'failed'; id: number; message: string };
