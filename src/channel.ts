/**
 * One request/reply channel for every pair of sides that ask each other things: webview → host →
 * capture worker, the host's own questions to that worker, and the Problems side's analysis worker
 * (vscode-hexeditor's MessageHandler idea). A request carries an id its reply echoes; the reply is
 * checked against the shape its request kind promises before anyone sees it, so a malformed reply
 * is an error, not a cast. Plain TypeScript: no vscode, no DOM, no Node, so all sides import it.
 *
 * Generations: a side that starts over (a file reloaded) calls supersede(); what it asked before
 * is rejected with RequestSuperseded and the late replies are dropped, never applied to the new state.
 */

/** A request or reply on the wire: the message plus the id that pairs them. */
export type Envelope<M extends { type: string }> = M & { id: number };

/** The answer of a side that could not serve a request (nothing open yet, a stale generation, a bug). */
export interface RequestFailed {
  type: 'requestFailed';
  id: number;
  message: string;
}

/** Per request kind, the check that a reply is the one that kind promises. */
export type ReplyChecks<Calls> = { [K in keyof Calls]: (reply: unknown) => reply is Calls[K] };

export class ChannelError extends Error {}
/** The asking side gave up on the request (its signal aborted, or everything pending was cancelled). */
export class RequestCancelled extends ChannelError {
  constructor(message = 'cancelled') {
    super(message);
  }
}
/** The asking side started over (a new generation) before the reply came. */
export class RequestSuperseded extends RequestCancelled {
  constructor() {
    super('superseded by a newer generation');
  }
}
export class RequestTimedOut extends ChannelError {}
/** The answering side replied with RequestFailed. */
export class RemoteFailure extends ChannelError {}
/** A reply that is not what its request kind promises. */
export class MalformedReply extends ChannelError {}

interface Pending {
  kind: string;
  generation: number;
  resolve: (reply: unknown) => void;
  reject: (e: Error) => void;
  /** Undoes the timer and the abort listener. */
  done: () => void;
}

export interface RequestOptions {
  /** Aborting it rejects the request with RequestCancelled and tells the other side (onCancel). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The asking side of a channel. `Req` is the union of request messages (keyed by `type`), `Calls`
 * maps each request kind to its reply: request('rows', …) resolves with exactly the rows reply.
 */
export class RequestChannel<Req extends { type: string }, Calls extends { [K in Req['type']]: { type: string } }> {
  private nextId = 1;
  private generationNow = 0;
  private readonly pending = new Map<number, Pending>();
  /** Replies that came for no pending request (cancelled, superseded, timed out): dropped. */
  dropped = 0;

  /**
   * `onCancel`: how to tell the other side that the request `id` was given up by its signal, so it
   * can stop working on it (its late reply is dropped here either way).
   */
  constructor(
    private readonly send: (m: Envelope<Req>) => void,
    private readonly checks: ReplyChecks<Calls>,
    private readonly onCancel?: (id: number) => void,
  ) {}

  get generation(): number {
    return this.generationNow;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  request<K extends Req['type']>(kind: K, body: Omit<Extract<Req, { type: K }>, 'type'>, options: RequestOptions = {}): Promise<Calls[K]> {
    const id = this.nextId++;
    return new Promise<Calls[K]>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new RequestCancelled());
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        const p = this.settle(id);
        if (!p) return;
        p.reject(new RequestCancelled());
        this.onCancel?.(id);
      };
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, { kind, generation: this.generationNow, resolve: resolve as (r: unknown) => void, reject, done });
      if (options.timeoutMs !== undefined)
        timer = setTimeout(() => this.settle(id)?.reject(new RequestTimedOut(`${kind}: no reply within ${options.timeoutMs} ms`)), options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort);
      try {
        this.send({ ...body, type: kind, id } as unknown as Envelope<Req>);
      } catch (e) {
        this.settle(id)?.reject(e instanceof Error ? e : new ChannelError(String(e)));
      }
    });
  }

  /**
   * Hands the channel a message from the other side. True when it was a reply (an object with a
   * numeric id): it settled its request, or was dropped as late. False for anything else (the
   * other side's own news, which the caller handles).
   */
  receive(m: unknown): boolean {
    if (typeof m !== 'object' || m === null || typeof (m as { id?: unknown }).id !== 'number') return false;
    const reply = m as { id: number; type?: unknown; message?: unknown };
    const p = this.pending.get(reply.id);
    if (!p || p.generation !== this.generationNow) {
      this.dropped++;
      if (p) this.settle(reply.id)?.reject(new RequestSuperseded());
      return true;
    }
    this.settle(reply.id);
    if (reply.type === 'requestFailed') p.reject(new RemoteFailure(typeof reply.message === 'string' ? reply.message : `${p.kind} failed`));
    else if (this.checks[p.kind as Req['type']](m)) p.resolve(m);
    else p.reject(new MalformedReply(`${p.kind}: malformed reply ${describe(m)}`));
    return true;
  }

  /** Starts a new generation: everything asked before is rejected, and its replies will be dropped. */
  supersede(): void {
    this.generationNow++;
    this.rejectAll(() => new RequestSuperseded());
  }

  /** Rejects everything pending (the other side went away, or the user cancelled). */
  cancelAll(error: Error = new RequestCancelled()): void {
    this.rejectAll(() => error);
  }

  private rejectAll(error: () => Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error());
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    p.done();
    return p;
  }
}

/** The answering side's reply when it cannot serve a request. */
export function requestFailed(id: number, e: unknown): RequestFailed {
  return { type: 'requestFailed', id, message: e instanceof Error ? e.message : String(e) };
}

/** Whether a message is a request (it carries the id its reply must echo). */
export function isRequest<M extends { type: string }>(m: M): m is Envelope<M> {
  return typeof (m as { id?: unknown }).id === 'number';
}

function describe(m: unknown): string {
  const text = JSON.stringify(m) ?? String(m);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
