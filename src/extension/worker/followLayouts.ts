import type { Capture } from '../../core/capture/openCapture';
import { followStream } from '../../core/follow/followCapture';
import { FollowLines, followTotals } from '../../core/follow/followLines';
import type { FollowStream } from '../../core/follow/followStream';
import type { FollowKey, ViewReply } from '../../protocol';

/** Layouts kept: a view switching between a few formats and directions does not re-read ascii's bytes. */
const KEEP_LAYOUTS = 6;
/** Lines per request at most (the webview asks for a screenful and some). */
export const MAX_FOLLOW_LINES = 2000;

/**
 * The Follow view's streams for one capture: the followed stream (its chunk columns, no bytes) and
 * its line layouts by format and direction, kept across requests so that scrolling reads only the
 * chunks on screen. A new capture gets a new instance.
 */
export class FollowLayouts {
  private stream: { key: string; s: FollowStream | undefined } | undefined;
  private readonly layouts = new Map<string, FollowLines>();

  constructor(private readonly capture: Capture) {}

  private streamOf(k: FollowKey): FollowStream | undefined {
    const key = `${k.kind}:${k.stream}`;
    if (this.stream?.key !== key) {
      this.stream = { key, s: followStream(this.capture, { kind: k.kind, stream: k.stream }) };
      this.layouts.clear();
    }
    return this.stream.s;
  }

  private layout(k: FollowKey): FollowLines | undefined {
    const s = this.streamOf(k);
    if (!s) return undefined;
    const id = `${k.format}:${k.direction}`;
    let l = this.layouts.get(id);
    if (!l) {
      l = new FollowLines(s, k.format, k.direction);
      if (this.layouts.size >= KEEP_LAYOUTS) this.layouts.delete(this.layouts.keys().next().value!);
      this.layouts.set(id, l);
    }
    return l;
  }

  /** The `follow` reply: how many lines, the peers and what each side sent. */
  open(k: FollowKey): Extract<ViewReply, { type: 'follow' }> {
    const key: FollowKey = { kind: k.kind, stream: k.stream, format: k.format, direction: k.direction };
    const s = this.streamOf(k);
    const l = this.layout(k);
    if (!s || !l)
      return {
        type: 'follow',
        ...key,
        lines: 0,
        peers: [],
        packets: [0, 0],
        bytes: [0, 0],
        gaps: 0,
        reason: `No ${k.kind.toUpperCase()} stream ${k.stream} in this capture.`,
      };
    const t = followTotals(s);
    return { type: 'follow', ...key, lines: l.count, peers: s.peers.map((p) => p.text), packets: t.packets, bytes: t.bytes, gaps: t.gaps };
  }

  lines(k: FollowKey, start: number, count: number): Extract<ViewReply, { type: 'followLines' }> {
    const key: FollowKey = { kind: k.kind, stream: k.stream, format: k.format, direction: k.direction };
    const from = Math.max(0, start);
    return { type: 'followLines', ...key, start: from, lines: this.layout(k)?.lines(from, Math.min(count, MAX_FOLLOW_LINES)) ?? [] };
  }

  find(k: FollowKey, text: string, from: number, backwards: boolean): Extract<ViewReply, { type: 'followFind' }> {
    const key: FollowKey = { kind: k.kind, stream: k.stream, format: k.format, direction: k.direction };
    const hit = this.layout(k)?.find(text, from, backwards);
    return { type: 'followFind', ...key, text, line: hit?.line ?? -1, column: hit?.column ?? -1 };
  }
}
