import { strict as assert } from 'node:assert';
import { LoadSettlement } from '../../../src/extension/loadSettlement';

/** Whether `p` has resolved by the time the microtasks queued now have run. */
async function resolved(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('a capture document waiting for its load to settle (loadSettlement.ts)', () => {
  it('a wait begun before a reload superseded the load ends when the reload settles (it used to wait forever)', async () => {
    const s = new LoadSettlement();
    s.begin();
    const waiting = s.whenSettled();
    // The file changes on disk before the first read finished: the reload supersedes it.
    s.begin();
    assert.equal(await resolved(waiting), false);
    s.end();
    assert.equal(await resolved(waiting), true);
  });

  it('settled means settled: a wait after the end returns at once; a new load makes new waiters wait', async () => {
    const s = new LoadSettlement();
    assert.equal(await resolved(s.whenSettled()), true, 'nothing loading yet');
    s.begin();
    s.end();
    assert.equal(await resolved(s.whenSettled()), true);
    s.begin();
    const next = s.whenSettled();
    assert.equal(await resolved(next), false);
    s.end();
    assert.equal(await resolved(next), true);
  });
});
