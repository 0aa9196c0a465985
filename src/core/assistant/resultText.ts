import type { ToolContext } from './toolDefinition';
import { ToolCancelled } from './toolDefinition';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A list of frame numbers as the context writes them, the first `max` of them. */
export function frameList(frames: readonly number[], ctx: ToolContext, max = 12): string {
  const shown = frames.slice(0, max).map((n) => ctx.frame(n));
  return shown.join(', ') + (frames.length > max ? `, … (${frames.length - max} more)` : '');
}

/** The line that tells a model how to get the next page, or that it has everything. */
export function pageNote(what: string, total: number, offset: number, shown: number, tool: string): string {
  if (total === 0) return '';
  if (offset >= total) return `No ${what} at offset ${offset}: there are ${total}. Call ${tool} with a smaller offset.`;
  const end = offset + shown;
  if (end >= total) return shown === total ? `That is all of them (${total}).` : `That is the last of the ${total} ${what}.`;
  return `Showing ${what} ${offset + 1}–${end} of ${total}. For more, call ${tool} again with offset ${end}.`;
}

/**
 * Work over many packets gives the event loop a turn every few thousand steps, so a cancellation
 * (which arrives as an event) is seen; throws ToolCancelled once it is.
 */
export class Checkpoint {
  private steps = 0;

  constructor(private readonly ctx: ToolContext) {}

  async step(): Promise<void> {
    if (++this.steps % 4096 === 0) await this.now();
  }

  async now(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    if (this.ctx.isCancelled()) throw new ToolCancelled();
  }
}
