import {
  FRAG_EVICTED,
  FRAG_MULTIPLE_TAILS,
  FRAG_OVERLAP,
  FRAG_OVERLAP_CONFLICT,
  FRAG_TIMED_OUT,
  FRAG_TOO_LARGE,
  FRAG_TOO_LONG_FRAGMENT,
} from '../index/datagramAssembly';
import { MAX_HELD_BYTES, REASSEMBLY_TIMEOUT_V4, REASSEMBLY_TIMEOUT_V6 } from '../index/fragmentTracker';

/** Why a datagram was given up on, for the Info of its fragments. */
export function reassemblyProblemText(flags: number): string {
  if (flags & FRAG_TOO_LARGE) return 'Reassembly failed: datagram longer than 65,535 bytes';
  if (flags & FRAG_TIMED_OUT) return 'Reassembly timed out';
  if (flags & FRAG_EVICTED) return 'Reassembly abandoned: fragment memory full';
  return 'Reassembly failed';
}

/** One line per problem of a datagram, with its severity, for the detail tree (Wireshark's expert infos, Linux's behaviour). */
export function reassemblyProblems(flags: number, ipVersion: number): Array<{ field: string; text: string; severity: 'note' | 'warning' | 'error' }> {
  const v = ipVersion === 6 ? 'ipv6' : 'ip';
  const out: Array<{ field: string; text: string; severity: 'note' | 'warning' | 'error' }> = [];
  if (flags & FRAG_OVERLAP_CONFLICT) {
    out.push({
      field: `${v}.fragment.overlap.conflict`,
      text: `[Conflicting data in fragment overlap: the lower offset's bytes are used, as Wireshark; Linux drops such a datagram${ipVersion === 6 ? ' (RFC 5722)' : ''}]`,
      severity: 'error',
    });
  } else if (flags & FRAG_OVERLAP) out.push({ field: `${v}.fragment.overlap`, text: '[Fragment overlap (same data)]', severity: 'note' });
  if (flags & FRAG_MULTIPLE_TAILS) out.push({ field: `${v}.fragment.multipletails`, text: '[Multiple tail fragments found]', severity: 'error' });
  if (flags & FRAG_TOO_LONG_FRAGMENT)
    out.push({ field: `${v}.fragment.toolongfragment`, text: '[Fragment too long: reaches past the end of the datagram]', severity: 'error' });
  if (flags & FRAG_TOO_LARGE) out.push({ field: `${v}.fragment.error`, text: '[Reassembly failed: offset + length past 65,535 bytes]', severity: 'error' });
  if (flags & FRAG_TIMED_OUT)
    out.push({
      field: `${v}.fragment.error`,
      text: `[Reassembly timed out: the datagram was not complete ${ipVersion === 6 ? REASSEMBLY_TIMEOUT_V6 : REASSEMBLY_TIMEOUT_V4} s after its first fragment (Linux ${ipVersion === 6 ? 'ip6frag_time' : 'ipfrag_time'}); later fragments start a new one]`,
      severity: 'warning',
    });
  if (flags & FRAG_EVICTED)
    out.push({
      field: `${v}.fragment.error`,
      text: `[Reassembly abandoned: unfinished datagrams held more than ${MAX_HELD_BYTES / 1048576} MiB (or too many of them), the oldest were dropped]`,
      severity: 'warning',
    });
  return out;
}
