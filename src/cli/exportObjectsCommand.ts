import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureFile } from '../core/capture/openCapture';
import type { HttpObject } from '../core/http/httpObjects';
import { httpObjectSources, writeObjectBody } from '../core/http/httpObjects';
import { uniqueFileName } from '../core/http/objectFileName';
import { fileSink } from './fileSink';
import { Output } from './output';

export const EXPORT_OBJECTS_USAGE = `export-objects FILE --http (-o DIR | --list [--json])`;

/**
 * `export-objects FILE --http -o DIR`: every HTTP body saved to DIR, de-chunked and decoded, as
 * Wireshark's File → Export Objects → HTTP (tshark --export-objects http,DIR); `--list` prints the
 * table instead. Existing files in DIR are never overwritten: a taken name gets "(1)", "(2)"….
 */
export async function exportObjectsCommand(args: string[], fail: (message: string) => number): Promise<number> {
  let dir: string | undefined;
  let list = false;
  let json = false;
  let http = false;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-o' || a === '--output') {
      dir = args[++k];
      if (dir === undefined) return fail('-o needs a directory');
    } else if (a === '--list') list = true;
    else if (a === '--json') json = true;
    else if (a === '--http') http = true;
    else if (a.startsWith('-')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('export-objects needs exactly one FILE');
  if (!http) return fail('export-objects needs a protocol: --http');
  if (!list && !json && !dir) return fail('export-objects needs -o DIR or --list');
  const capture = await openCaptureFile(files[0]);
  try {
    const sources = httpObjectSources(capture);
    const objects = sources.map((s) => s.object);
    if (list || json) printList(objects, json);
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      const taken = new Set(fs.readdirSync(dir));
      for (const { object: o, ...found } of sources) {
        const name = uniqueFileName(o.filename, (n) => taken.has(n));
        taken.add(name);
        const sink = fileSink(path.join(dir, name));
        try {
          writeObjectBody(found.stream, found.message, sink.write);
          sink.close();
        } catch (e) {
          sink.abort();
          throw e;
        }
        if (o.error) {
          process.stderr.write(`pcap-inspector: packet ${o.packet + 1} (${name}): ${o.error}; saved the bytes as sent\n`);
        }
      }
      process.stderr.write(`${objects.length} HTTP object${objects.length === 1 ? '' : 's'} written to ${dir}\n`);
    }
  } finally {
    capture.close();
  }
  return capture.error ? 1 : 0;
}

function printList(objects: HttpObject[], json: boolean): void {
  const out = new Output();
  if (json) {
    for (const o of objects) out.line(JSON.stringify({ ...o, packet: o.packet + 1 }));
  } else {
    const rows = objects.map((o) => [String(o.packet + 1), o.hostname, o.contentType, String(o.size), o.filename, o.error ? `! ${o.error}` : '']);
    const head = ['Packet', 'Hostname', 'Content Type', 'Size', 'Filename', ''];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    for (const r of [head, ...rows])
      out.line(
        r
          .map((v, c) => (c === 0 || c === 3 ? v.padStart(widths[c]) : v.padEnd(widths[c])))
          .join('  ')
          .trimEnd(),
      );
  }
  out.flush();
}
