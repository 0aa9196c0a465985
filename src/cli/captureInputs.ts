import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a capture file is called (the editor's selector): pcap, pcapng, cap, each optionally gzipped. */
const CAPTURE_NAME = /\.(pcap|pcapng|cap)(\.gz)?$/i;
const GLOB_CHARS = /[*?[]/;

/**
 * The capture files that command-line inputs name, in the order given: a file as it is (whatever
 * its name, so a mistyped one fails on its own line), a directory's captures (recursively, sorted),
 * a glob's matches (`*`, `?`, `[…]` within a name, `**` for any depth: for shells that pass it
 * quoted). An input that names nothing stays, to be reported as failed.
 */
export function expandCaptureInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const stat = statOrUndefined(input);
    if (stat?.isDirectory()) out.push(...capturesUnder(input));
    else if (!stat && GLOB_CHARS.test(input)) {
      const matches = globFiles(input);
      out.push(...(matches.length ? matches : [input]));
    } else out.push(input);
  }
  return out;
}

/** Whether the inputs ask for more than one capture's report (a directory, a glob, several files). */
export function namesManyCaptures(inputs: readonly string[]): boolean {
  if (inputs.length !== 1) return inputs.length > 1;
  const stat = statOrUndefined(inputs[0]);
  return stat ? stat.isDirectory() : GLOB_CHARS.test(inputs[0]);
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function capturesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && CAPTURE_NAME.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Files matching a glob, segment by segment from its first wildcard-free prefix. */
function globFiles(pattern: string): string[] {
  const absolute = path.isAbsolute(pattern);
  const segments = pattern.split(/[\\/]+/).filter((s, k) => s !== '' || k === 0);
  let k = 0;
  while (k < segments.length - 1 && !GLOB_CHARS.test(segments[k])) k++;
  const base = segments.slice(0, k).join('/') || (absolute ? '/' : '.');
  const matches = new Set<string>();
  const visit = (dir: string, rest: string[]): void => {
    const [seg, ...tail] = rest;
    if (seg === '**') {
      visit(dir, tail);
      for (const e of entries(dir)) if (e.isDirectory()) visit(path.join(dir, e.name), rest);
      return;
    }
    const re = segmentRegExp(seg);
    for (const e of entries(dir)) {
      if (!re.test(e.name)) continue;
      const p = path.join(dir, e.name);
      if (!tail.length) {
        if (e.isFile()) matches.add(p);
      } else if (e.isDirectory()) visit(p, tail);
    }
  };
  visit(base, segments.slice(k));
  return [...matches].sort();
}

function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${seg
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // Like a shell, a leading * or ? does not match a hidden file's dot.
  return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}
