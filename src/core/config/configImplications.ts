import type { Finding } from '../diagnosis/finding';
import type { SysctlSetting } from './sysctlSetting';

/** A config line that an analysed capture bears on, with what to say there. */
export interface ConfigImplication {
  setting: SysctlSetting;
  finding: Finding;
  severity: 'warning' | 'info';
  message: string;
  /** The value the finding's fix would set, when it has one. */
  suggestedValue?: string;
}

function truthy(v: string): boolean {
  return v.trim() !== '0';
}

/**
 * Connects findings to configuration: a setting that keeps the failing
 * behaviour on (timestamps enabled while SYN/ACKs are rejected for their
 * TSecr), or one that explains what the capture shows (timestamps off on a
 * host whose handshakes lack them).
 */
export function configImplications(findings: Finding[], settings: SysctlSetting[], captureName: string): ConfigImplication[] {
  const out: ConfigImplication[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (fix.action.kind !== 'sysctl') continue;
      const { key, value, where } = fix.action;
      for (const s of settings.filter((x) => x.key === key && x.value.trim() !== value)) {
        out.push({
          setting: s, finding, severity: finding.severity === 'info' ? 'info' : 'warning', suggestedValue: value,
          message: `${captureName}: ${finding.title}. This line sets ${key} = ${s.value}; setting it to ${value} on the ${where} works around it (${fix.cost ?? 'see the finding'}).`,
        });
      }
    }
  }
  // The opposite direction: a handshake without timestamps that a `tcp_timestamps = 0` line explains.
  for (const s of settings.filter((x) => x.key === 'net.ipv4.tcp_timestamps' && !truthy(x.value))) {
    const related = findings.find((f) => f.rule === 'tcp.options.ts-not-negotiated');
    if (related) {
      out.push({ setting: s, finding: related, severity: 'info', message: `${captureName}: ${related.title}. With net.ipv4.tcp_timestamps = 0 this host sends no timestamps in its SYNs, which explains the handshake without them.` });
    }
  }
  return out;
}
