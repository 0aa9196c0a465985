import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../protocol';

/** The extension host's handle on one capture worker (dist/worker.js). */
export class CaptureWorkerClient {
  private worker: Worker | undefined;

  constructor(
    private readonly script: string,
    private readonly onMessage: (m: WorkerToHost) => void,
    private readonly onExit: (code: number) => void,
  ) {}

  private ensure(): Worker {
    if (!this.worker) {
      // A small young generation keeps the worker's garbage from inflating the extension host's memory.
      const w = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      w.on('message', (m: WorkerToHost) => this.onMessage(m));
      w.on('error', (e) => {
        if (this.worker === w) this.onMessage({ type: 'failed', message: `Capture worker crashed: ${e.message}` });
      });
      // Only an unexpected exit is news: terminate() forgets the worker first, so its exit is silent
      // (and cannot be mistaken for the exit of the worker that replaced it).
      w.on('exit', (code) => {
        if (this.worker !== w) return;
        this.worker = undefined;
        this.onExit(code);
      });
      this.worker = w;
    }
    return this.worker;
  }

  post(m: HostToWorker): void {
    // Hand the bytes over instead of copying them (a remote file read through workspace.fs).
    const transfer = m.type === 'open' && m.source.kind === 'bytes' ? [m.source.bytes.buffer as ArrayBuffer] : [];
    this.ensure().postMessage(m, transfer);
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker and frees its memory (the index and the file handle go with it). */
  terminate(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
