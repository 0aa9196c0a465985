import type { Finding } from '../core/diagnosis/finding';
import type { ReadOutcome } from './analyzeCommand';

/** A capture for a worker of `analyze DIR_OR_GLOB...`: its place in the input order and its path. */
export interface BatchJob {
  k: number;
  path: string;
}

/** A worker's answer: the capture's findings (and why reading stopped early, if it did), or why it failed. */
export type BatchResult =
  { k: number; path: string; packets: number; findings: Finding[]; readError?: ReadOutcome; error?: undefined } | { k: number; path: string; error: string };
