/**
 * "The current load has settled" for a document that may reload at any time (the file changed on
 * disk). A waiter holds one promise; a load superseded before it settled hands its waiters on to
 * the load that replaced it, instead of leaving them waiting for a load that will never end.
 * Plain TypeScript (no vscode), so it is unit-tested alone.
 */
export class LoadSettlement {
  private settled: Promise<void> = Promise.resolve();
  /** Resolves `settled`; undefined while no load is pending. */
  private resolve: (() => void) | undefined;

  /** A load starts (or restarts, superseding one still pending). */
  begin(): void {
    if (!this.resolve) this.settled = new Promise((r) => (this.resolve = r));
  }

  /** The current load has its outcome: loaded or failed. */
  end(): void {
    this.resolve?.();
    this.resolve = undefined;
  }

  /** Resolves once the load current now, or any load that supersedes it, has settled. */
  whenSettled(): Promise<void> {
    return this.settled;
  }
}
