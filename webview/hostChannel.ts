import { RequestCancelled, RemoteFailure, RequestChannel } from '../src/channel';
import type { ViewCalls, ViewRequest } from '../src/protocol';
import { VIEW_REPLY_CHECKS } from '../src/replyChecks';
import { host } from './vscodeApi';

/** The page's requests to the host (which hands them to the capture worker), each with its checked reply. */
export const requests = new RequestChannel<ViewRequest, ViewCalls>((m) => host.postMessage(m), VIEW_REPLY_CHECKS);

/**
 * For a request whose reply may never matter: a request superseded by a reload, or one the worker
 * refused (a position asked under a filter that has since changed) is dropped quietly; anything else
 * (a malformed reply) is a bug worth the output channel.
 */
export function unanswered(e: unknown): void {
  if (e instanceof RequestCancelled || e instanceof RemoteFailure) return;
  host.postMessage({ type: 'log', level: 'error', text: `request failed: ${e instanceof Error ? e.message : String(e)}` });
}
