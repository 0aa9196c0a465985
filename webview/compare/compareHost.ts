import { RequestCancelled, RemoteFailure, RequestChannel } from '../../src/channel';
import type { CompareCalls, CompareViewRequest, CompareViewState, CompareViewToHost } from '../../src/protocol';
import { COMPARE_REPLY_CHECKS } from '../../src/replyChecks';

interface CompareVsCodeApi {
  postMessage(message: CompareViewToHost): void;
  getState(): CompareViewState | undefined;
  setState(state: CompareViewState): void;
}

declare function acquireVsCodeApi(): CompareVsCodeApi;

/** The compare page's host connection (acquireVsCodeApi may be called only once per page). */
export const compareHost: CompareVsCodeApi = acquireVsCodeApi();

/** The page's questions about the comparison (the host asks the compare worker), each with its checked reply. */
export const compareRequests = new RequestChannel<CompareViewRequest, CompareCalls>((m) => compareHost.postMessage(m), COMPARE_REPLY_CHECKS);

/** A request whose reply no longer matters (the page moved on) is dropped quietly; anything else is logged. */
export function unansweredCompare(e: unknown): void {
  if (e instanceof RequestCancelled || e instanceof RemoteFailure) return;
  compareHost.postMessage({ type: 'log', level: 'error', text: `request failed: ${e instanceof Error ? e.message : String(e)}` });
}
