import type { Finding } from '../diagnosis/finding';
import type { BrokenDependent } from './sysctlDependents';
import { dependentsBrokenBy } from './sysctlDependents';
import { effectiveSettings, sysctlFileName } from './sysctlPrecedence';
import type { SysctlSetting } from './sysctlSetting';

/** A config line that an analysed capture bears on, with what to say there. */
export interface ConfigImplication {
  setting: SysctlSetting;
  finding: Finding;
  severity: 'warning' | 'info';
  message: string;
  /** The value the finding's fix would set, when it has one. */
  suggestedValue?: string;
  /** Settings of the workspace that the suggested value stops from working. */
  dependents: BrokenDependent[];
}

function truthy(v: string): boolean {
  return v.trim() !== '0';
}

/** " Setting it to 0 also disables net.ipv4.tcp_tw_reuse = 1 (99-network.conf line 4): why." */
function dependentsSentence(value: string, dependents: BrokenDependent[]): string {
  if (!dependents.length) return '';
  const which = dependents
    .map((d) => `${d.setting.key} = ${d.setting.value} (${sysctlFileName(d.setting.file)} line ${d.setting.keyRange.startLine + 1})`)
    .join(', ');
  return ` Setting it to ${value} also disables ${which}: ${dependents[0].why}.`;
}

/**
 * Connects findings to configuration: a setting that keeps the failing
 * behaviour on (timestamps enabled while SYN/ACKs are rejected for their
 * TSecr), or one that explains what the capture shows (timestamps off on a
 * host whose handshakes lack them). Only lines that take effect count: one a
 * later sysctl.d file overrides changes nothing (sysctlPrecedence.ts). `files`
 * lists the workspace's sysctl files, for the empty ones that mask others.
 */
export function configImplications(findings: Finding[], settings: SysctlSetting[], captureName: string, files: string[] = []): ConfigImplication[] {
  const out: ConfigImplication[] = [];
  const effective = effectiveSettings(settings, files);
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (fix.action.kind !== 'sysctl') continue;
      const { key, value, where } = fix.action;
      const dependents = dependentsBrokenBy(settings, key, value, files);
      for (const s of effective.filter((x) => x.key === key && x.value.trim() !== value)) {
        out.push({
          setting: s,
          finding,
          severity: finding.severity === 'info' ? 'info' : 'warning',
          suggestedValue: value,
          dependents,
          message: `${captureName}: ${finding.title}. This line sets ${key} = ${s.value}; setting it to ${value} on the ${where} works around it (${fix.cost ?? 'see the finding'}).${dependentsSentence(value, dependents)}`,
        });
      }
    }
  }
  // The opposite direction: a handshake without timestamps that a `tcp_timestamps = 0` line explains.
  for (const s of effective.filter((x) => x.key === 'net.ipv4.tcp_timestamps' && !truthy(x.value))) {
    const related = findings.find((f) => f.rule === 'tcp.options.ts-not-negotiated');
    if (related) {
      out.push({
        setting: s,
        finding: related,
        severity: 'info',
        dependents: [],
        message: `${captureName}: ${related.title}. With net.ipv4.tcp_timestamps = 0 this host sends no timestamps in its SYNs, which explains the handshake without them.`,
      });
    }
  }
  return out;
}
