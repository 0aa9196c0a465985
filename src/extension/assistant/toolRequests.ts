import { pathToFileURL } from 'node:url';
import { AllowedRoots } from '../../core/assistant/allowedRoots';
import { CaptureCache } from '../../core/assistant/captureCache';
import { prepareCall, runCall } from '../../core/assistant/captureTools';
import { ToolCancelled, ToolError } from '../../core/assistant/toolDefinition';
import type { FromToolWorker, ToToolWorker } from './toolWorkerMessages';

/**
 * The language-model tools' side of the analysis worker: opens captures and runs the tools
 * (src/core/assistant) off the extension host's thread, so a large capture never freezes the window.
 * Captures stay open between calls (CaptureCache), so an agent paging through results does not
 * re-index the file.
 */
const cache = new CaptureCache();
const cancelled = new Set<number>();

export function isToolMessage(m: { type: string }): m is ToToolWorker {
  return m.type === 'tool-prepare' || m.type === 'tool-run' || m.type === 'tool-cancel';
}

export function answerToolMessage(m: ToToolWorker, post: (answer: FromToolWorker) => void): void {
  if (m.type === 'tool-cancel') {
    cancelled.add(m.id);
    return;
  }
  handle(m)
    .then(post, (e: unknown) => {
      const message = e instanceof ToolError || e instanceof ToolCancelled ? e.message : `The tool failed: ${(e as Error).message}`;
      post({ type: 'tool-failed', id: m.id, message, ...(e instanceof ToolCancelled ? { cancelled: true as const } : {}) });
    })
    .finally(() => cancelled.delete(m.id));
}

async function handle(m: Exclude<ToToolWorker, { type: 'tool-cancel' }>): Promise<FromToolWorker> {
  const env = { roots: AllowedRoots.of(m.roots), cache };
  const call = prepareCall(env, m.name, m.input);
  if (m.type === 'tool-prepare')
    return {
      type: 'tool-prepared',
      id: m.id,
      file: call.file,
      invocationMessage: call.tool.invocationMessage(call.args, call.file),
      displayName: call.tool.displayName,
    };
  const text = await runCall(env, call, { frame: frameLink(call.file), isCancelled: () => cancelled.has(m.id) });
  return { type: 'tool-result', id: m.id, text: withoutForeignCommandLinks(text) };
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
