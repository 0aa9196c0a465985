/**
 * Messages between the extension host (languageModelTools.ts) and the analysis worker's tool side
 * (toolRequests.ts), which runs the capture tools off the host's thread. Only these files use them;
 * the `tool-` prefix keeps them apart from the analysis messages (protocol.ts ToAnalysisWorker).
 */

/** What the host asks: check a call (prepare) or run it; `roots` are the workspace folders at the time. */
export type ToToolWorker =
  | { type: 'tool-prepare'; id: number; name: string; input: unknown; roots: string[] }
  | { type: 'tool-run'; id: number; name: string; input: unknown; roots: string[] }
  | { type: 'tool-cancel'; id: number };

export type FromToolWorker =
  | { type: 'tool-prepared'; id: number; file: string; invocationMessage: string; displayName: string }
  | { type: 'tool-result'; id: number; text: string }
  /** `cancelled`: the call stopped because the host cancelled it. */
  | { type: 'tool-failed'; id: number; message: string; cancelled?: true };
