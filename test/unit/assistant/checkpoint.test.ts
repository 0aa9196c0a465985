import { strict as assert } from 'node:assert';
import { Checkpoint } from '../../../src/core/assistant/resultText';
import { ToolCancelled } from '../../../src/core/assistant/toolDefinition';

describe('Checkpoint (cancellation of long tool calls)', () => {
  it('lets a cancellation that arrives as an event stop a loop within 4096 steps', async () => {
    let cancelled = false;
    const checkpoint = new Checkpoint({ frame: String, isCancelled: () => cancelled });
    setTimeout(() => (cancelled = true), 0);
    let steps = 0;
    await assert.rejects(async () => {
      for (; steps < 100_000; steps++) await checkpoint.step();
    }, ToolCancelled);
    assert.ok(steps < 8192, `stopped after ${steps} steps`);
  });

  it('never throws while the call is wanted', async () => {
    const checkpoint = new Checkpoint({ frame: String, isCancelled: () => false });
    for (let k = 0; k < 10_000; k++) await checkpoint.step();
  });
});
