import { pathToFileURL } from 'node:url';
import { AllowedRoots } from '../../core/assistant/allowedRoots';
import { CaptureCache } from '../../core/assistant/captureCache';
import { prepareCall, runCall } from '../../core/assistant/captureTools';
import { ToolCancelled, ToolError } from '../../core/assistant/toolDefinition';
import { requestFailed } from '../../channel';
import type { Envelope, ToAnalysisWorker, ToolAnswer, ToolReplyEnvelope, ToolRequest } from '../../protocol';

/**
 * The language-model tools' side of the analysis worker: opens captures and runs the tools
 * (src/core/assistant) off the extension host's thread, so a large capture never freezes the window.
 * Captures stay open between calls (CaptureCache), so an agent paging through results does not
 * re-index the file.
 */
const cache = new CaptureCache();
const cancelled = new Set<number>();

export function isToolRequest(m: ToAnalysisWorker): m is Envelope<ToolRequest> {
  return m.type === 'toolPrepare' || m.type === 'toolRun';
}

/** The host gave up on call `id` (the user stopped it): the running tool stops at its next check. */
export function cancelToolRequest(id: number): void {
  cancelled.add(id);
}

/** Answers a tool request; a call that cannot run fails with a sentence for the model. */
export function answerToolRequest(m: Envelope<ToolRequest>, reply: (r: ToolReplyEnvelope) => void): void {
  handle(m)
    .then(
      (answer) => reply({ ...answer, id: m.id }),
      (e: unknown) => {
        const known = e instanceof ToolError || e instanceof ToolCancelled;
        reply(requestFailed(m.id, known ? e : new Error(`The tool failed: ${(e as Error).message}`)));
      },
    )
    .finally(() => cancelled.delete(m.id));
}

async function handle(m: Envelope<ToolRequest>): Promise<ToolAnswer> {
  const env = { roots: AllowedRoots.of(m.roots), cache };
  const call = prepareCall(env, m.name, m.input);
  if (m.type === 'toolPrepare')
    return { type: 'toolPrepared', file: call.file, invocationMessage: call.tool.invocationMessage(call.args, call.file), displayName: call.tool.displayName };
  const text = await runCall(env, call, { frame: frameLink(call.file), isCancelled: () => cancelled.has(m.id) });
  return { type: 'toolResult', text: withoutForeignCommandLinks(text) };
}

/** `[4](command:pcapInspector.revealPacket?…)`: a frame number the chat can turn into a jump to the packet. */
function frameLink(file: string): (n: number) => string {
  const uri = pathToFileURL(file).toString();
  return (n) => `[${n}](command:pcapInspector.revealPacket?${encodeURIComponent(JSON.stringify([uri, n]))})`;
}

/**
 * Text from the capture (an HTTP body, a DNS name) could spell a command link of its own that a chat
 * might render: only the reveal links stay links.
 */
function withoutForeignCommandLinks(text: string): string {
  return text.replace(/command:(?!pcapInspector\.revealPacket\?)/gi, 'command\u200b:');
}
