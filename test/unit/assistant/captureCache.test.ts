import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { CaptureCache } from '../../../src/core/assistant/captureCache';

const FIX = path.resolve(__dirname, '../../fixtures');

describe('CaptureCache (the MCP server and the VS Code tools keep captures open between calls)', () => {
  let dir: string;
  let opened: string[];
  let closed: string[];
  const open = async (file: string): Promise<Capture> => {
    opened.push(path.basename(file));
    const c = await openCaptureFile(file);
    const close = c.close.bind(c);
    c.close = () => {
      closed.push(path.basename(file));
      close();
    };
    return c;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-cache-'));
    for (const f of ['founding-tsecr.pcap', 'refused.pcap', 'reject.pcap']) fs.copyFileSync(path.join(FIX, f), path.join(dir, f));
    opened = [];
    closed = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the same capture while the file is unchanged, and reopens it once it changes', async () => {
    const cache = new CaptureCache(4, open);
    const file = path.join(dir, 'founding-tsecr.pcap');
    const a = await cache.get(file);
    assert.equal(await cache.get(file), a);
    assert.deepEqual(opened, ['founding-tsecr.pcap']);
    // Replaced by another capture (other size and mtime): the stale index must not answer.
    fs.copyFileSync(path.join(FIX, 'refused.pcap'), file);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const b = await cache.get(file);
    assert.notEqual(b, a);
    assert.equal(b.index.count, (await openCaptureFile(path.join(FIX, 'refused.pcap'))).index.count);
    assert.deepEqual(closed, ['founding-tsecr.pcap']);
    cache.clear();
  });

  it('closes the least recently used capture beyond its capacity', async () => {
    const cache = new CaptureCache(2, open);
    await cache.get(path.join(dir, 'founding-tsecr.pcap'));
    await cache.get(path.join(dir, 'refused.pcap'));
    await cache.get(path.join(dir, 'founding-tsecr.pcap'));
    await cache.get(path.join(dir, 'reject.pcap'));
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(closed, ['refused.pcap']);
    assert.equal(cache.size, 2);
    cache.clear();
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(closed.sort(), ['founding-tsecr.pcap', 'refused.pcap', 'reject.pcap']);
  });
});
