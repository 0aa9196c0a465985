import * as posix from 'node:path/posix';
import type { SysctlSetting } from './sysctlSetting';

/**
 * Which sysctl-file assignments take effect, as the boot loaders apply them (sysctl.d(5) of systemd,
 * `sysctl --system` of procps):
 *   - sysctl.d files from /etc, /run, /usr/local/lib, /usr/lib and /lib are sorted by file name
 *     together, whatever their directory; for one key the file with the latest name wins;
 *   - a file masks every file of the same name in a later directory of that list, as a whole;
 *   - within a file the last line for a key wins;
 *   - /etc/sysctl.conf: procps applies it after every sysctl.d file; systemd-sysctl reads it through
 *     the /etc/sysctl.d/99-sysctl.conf link distributions ship, so sorted as "99-sysctl.conf". Where
 *     the two disagree (a sysctl.d file named after "99-sysctl.conf") it is not called overridden.
 * A workspace is a config repository, not a root file system: the files of one host are the ones
 * under the same prefix before etc/, run/, usr/lib/… (`infra/etc/sysctl.d/…`, `infra/usr/lib/sysctl.d/…`),
 * or beside one another when the repository has no such layout (`roles/web/files/sysctl.d/…`). A
 * cloud-init file writes its own host's files. YAML settings (Kubernetes, Compose, Ansible tasks) are
 * applied as they are: never overridden here.
 */

const DIRS = ['etc', 'run', 'usr/local/lib', 'usr/lib', 'lib'];
const SYSCTL_CONF_NAME = '99-sysctl.conf';

interface Place {
  /** The host: files with the same root end up on one machine. */
  root: string;
  /** Position in DIRS (lower masks higher); the conf file is 0, as it lives in /etc. */
  dir: number;
  /** The name sysctl.d sorting uses. */
  name: string;
  /** /etc/sysctl.conf itself. */
  conf: boolean;
}

/** Where a sysctl file sits on its host, from its path; undefined for a file that is not one. */
export function sysctlFilePlace(path: string, root = ''): Place | undefined {
  const conf = /^(.*?\/)?(?:etc\/)?sysctl\.conf$/.exec(path);
  if (conf) return { root: root + (conf[1] ?? ''), dir: 0, name: SYSCTL_CONF_NAME, conf: true };
  const d = /^(.*?\/)?sysctl\.d\/([^/]+\.conf)$/.exec(path);
  if (!d) return undefined;
  const parent = d[1] ?? '';
  for (let k = 0; k < DIRS.length; k++) {
    const suffix = `${DIRS[k]}/`;
    if (parent === suffix || parent.endsWith(`/${suffix}`))
      return { root: root + parent.slice(0, parent.length - suffix.length), dir: k, name: d[2], conf: false };
  }
  return { root: root + parent, dir: 0, name: d[2], conf: false };
}

function placeOf(s: SysctlSetting): Place | undefined {
  if (s.source === 'sysctl.conf') return sysctlFilePlace(stripScheme(s.file));
  if (s.source === 'cloud-init' && s.target) return sysctlFilePlace(s.target.replace(/^\/+/, ''), `${s.file}#`);
  return undefined;
}

/** The path part of a file URI (or the path itself). */
function stripScheme(file: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)$/i.exec(file);
  return decodeURIComponent(m ? m[1] : file);
}

/** Whether `later` is applied after `earlier` by both loaders (so its value wins). */
function appliedAfter(later: { place: Place; line: number }, earlier: { place: Place; line: number }): boolean {
  const a = later.place,
    b = earlier.place;
  if (a.name === b.name && a.dir === b.dir && a.conf === b.conf) return later.line > earlier.line;
  if (a.conf) return b.name < SYSCTL_CONF_NAME;
  if (b.conf) return false;
  return a.name > b.name || (a.name === b.name && a.dir < b.dir);
}

/** What keeps a setting from taking effect: a later assignment, or a file of the same name that masks its whole file. */
export type Override = { kind: 'later'; by: SysctlSetting } | { kind: 'masked'; file: string };

/**
 * For each sysctl-file setting that does not take effect, why. `files` lists the sysctl files of the
 * workspace, including those without settings: an empty file of the same name is how a vendor file is
 * masked.
 */
export function overriddenSettings(settings: SysctlSetting[], files: string[] = []): Map<SysctlSetting, Override> {
  const placed = settings.flatMap((s) => {
    const place = placeOf(s);
    return place ? [{ s, place, line: s.keyRange.startLine }] : [];
  });
  // For each host and file name, the file in the first directory: it masks the others.
  const first = new Map<string, { dir: number; file: string }>();
  const seeFile = (file: string, place: Place) => {
    if (place.conf) return;
    const k = `${place.root}\0${place.name}`;
    const had = first.get(k);
    if (!had || place.dir < had.dir) first.set(k, { dir: place.dir, file });
  };
  for (const file of files) {
    const place = sysctlFilePlace(stripScheme(file));
    if (place) seeFile(file, place);
  }
  for (const p of placed) seeFile(p.s.file, p.place);
  const out = new Map<SysctlSetting, Override>();
  // The settings of one key on one host compete; the others never meet (a handful per group).
  const groups = new Map<string, typeof placed>();
  for (const p of placed) {
    const mask = p.place.conf ? undefined : first.get(`${p.place.root}\0${p.place.name}`);
    if (mask && mask.dir < p.place.dir) {
      out.set(p.s, { kind: 'masked', file: mask.file });
      continue;
    }
    const k = `${p.place.root}\0${p.s.key}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  for (const group of groups.values()) {
    for (const a of group) {
      let winner: (typeof placed)[number] | undefined;
      for (const b of group) if (b !== a && appliedAfter(b, a) && (!winner || appliedAfter(b, winner))) winner = b;
      if (winner) out.set(a.s, { kind: 'later', by: winner.s });
    }
  }
  return out;
}

/** The settings that take effect (every YAML setting, the sysctl-file settings nothing overrides). */
export function effectiveSettings(settings: SysctlSetting[], files: string[] = []): SysctlSetting[] {
  const over = overriddenSettings(settings, files);
  return settings.filter((s) => !over.has(s));
}

/**
 * What would keep `key` appended at the end of the sysctl file `file` (a URI or a path; the file may
 * not exist yet) from taking effect, or undefined when it would.
 */
export function overrideOfAppended(settings: SysctlSetting[], files: string[], file: string, key: string): Override | undefined {
  const end = { startLine: Number.MAX_SAFE_INTEGER, startChar: 0, endLine: Number.MAX_SAFE_INTEGER, endChar: 0 };
  const probe: SysctlSetting = { key, value: '', file, source: 'sysctl.conf', keyRange: end, valueRange: end };
  return overriddenSettings([...settings, probe], files).get(probe);
}

/** For messages: "etc/sysctl.d/99-x.conf". */
export function sysctlFileName(file: string): string {
  return posix.basename(stripScheme(file));
}
