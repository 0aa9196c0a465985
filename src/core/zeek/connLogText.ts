import type { ConnRecord } from './connLog';

/** conn.log's columns and Zeek types, in Zeek's order (base/protocols/conn/main.zeek, Conn::Info). */
const FIELDS: Array<[name: string, type: string]> = [
  ['ts', 'time'],
  ['uid', 'string'],
  ['id.orig_h', 'addr'],
  ['id.orig_p', 'port'],
  ['id.resp_h', 'addr'],
  ['id.resp_p', 'port'],
  ['proto', 'enum'],
  ['service', 'string'],
  ['duration', 'interval'],
  ['orig_bytes', 'count'],
  ['resp_bytes', 'count'],
  ['conn_state', 'string'],
  ['local_orig', 'bool'],
  ['local_resp', 'bool'],
  ['missed_bytes', 'count'],
  ['history', 'string'],
  ['orig_pkts', 'count'],
  ['orig_ip_bytes', 'count'],
  ['resp_pkts', 'count'],
  ['resp_ip_bytes', 'count'],
  ['tunnel_parents', 'set[string]'],
];

/**
 * Each record's values in FIELDS order; undefined is unset. local_orig/local_resp stay unset (Zeek
 * sets them only when Site::local_nets is configured) and so does tunnel_parents (no tunnel is
 * followed into a conn.log entry of its own).
 */
function values(r: ConnRecord): Array<string | number | undefined> {
  return [
    r.ts,
    r.uid,
    r.origH,
    r.origP,
    r.respH,
    r.respP,
    r.proto,
    r.service,
    r.duration,
    r.origBytes,
    r.respBytes,
    r.connState,
    undefined,
    undefined,
    r.missedBytes,
    r.history,
    r.origPkts,
    r.origIpBytes,
    r.respPkts,
    r.respIpBytes,
    undefined,
  ];
}

/** Zeek's ASCII log time stamp for #open/#close: %Y-%m-%d-%H-%M-%S (UTC here). */
function logStamp(epoch: number | undefined): string {
  const d = new Date(Number.isFinite(epoch) ? epoch! * 1000 : 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

/**
 * The TSV conn.log of Zeek's ASCII writer: its header (#separator … #types), one line per record with
 * '-' for unset fields and times and intervals as %.6f, and #close. #open and #close carry the first
 * and last connection's time rather than the wall clock, so one capture always gives the same bytes.
 */
export function connLogTsv(records: readonly ConnRecord[]): string[] {
  const times = records.map((r) => r.ts).filter((t): t is number => t !== undefined);
  const lines = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    `#open\t${logStamp(times.length ? Math.min(...times) : undefined)}`,
    `#fields\t${FIELDS.map(([n]) => n).join('\t')}`,
    `#types\t${FIELDS.map(([, t]) => t).join('\t')}`,
  ];
  for (const r of records)
    lines.push(
      values(r)
        .map((v, k) => tsvValue(v, FIELDS[k][1]))
        .join('\t'),
    );
  lines.push(`#close\t${logStamp(times.length ? Math.max(...times) : undefined)}`);
  return lines;
}

function tsvValue(v: string | number | undefined, type: string): string {
  if (v === undefined) return '-';
  if (type === 'time' || type === 'interval') return (v as number).toFixed(6);
  // An empty string is Zeek's empty_field.
  return v === '' ? '(empty)' : String(v);
}

/**
 * Zeek's JSON logs (LogAscii::use_json): one object per line with the dotted field names, unset
 * fields left out, counts and ports as numbers, and times and intervals as numbers written the
 * shortest way that reads back the same double (as its JSON writer does).
 */
export function connLogJson(records: readonly ConnRecord[]): string[] {
  return records.map((r) => {
    const o: Record<string, string | number> = {};
    values(r).forEach((v, k) => {
      if (v !== undefined) o[FIELDS[k][0]] = v;
    });
    return JSON.stringify(o);
  });
}
