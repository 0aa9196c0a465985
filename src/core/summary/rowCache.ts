import type { Capture } from '../capture/openCapture';
import type { DecodedRow } from './decodedRow';
import { decodeRow } from './decodedRow';

/**
 * Decoded packets kept for one analysis run: conversations and several rules
 * look at the same handshake packets, which are read and decoded once.
 */
export class RowCache {
  private readonly rows = new Map<number, DecodedRow>();

  constructor(readonly capture: Capture) {}

  get(i: number): DecodedRow {
    let row = this.rows.get(i);
    if (!row) {
      row = decodeRow(this.capture, i);
      this.rows.set(i, row);
    }
    return row;
  }
}
