import { sysctlKnowledge } from '../knowledge/sysctlKeys';
import { effectiveSettings } from './sysctlPrecedence';
import type { SysctlSetting } from './sysctlSetting';

/** A setting in the workspace that stops working when another key is turned off. */
export interface BrokenDependent {
  setting: SysctlSetting;
  /** Why it needs the key (from the knowledge base). */
  why: string;
}

function on(value: string): boolean {
  return value.trim() !== '0';
}

/**
 * The settings in effect that rely on `key` being on (net.ipv4.tcp_tw_reuse = 1 needs
 * net.ipv4.tcp_timestamps) and that setting `key` to `value` turns off: the cost of a fix that the
 * workspace itself states.
 */
export function dependentsBrokenBy(settings: SysctlSetting[], key: string, value: string, files: string[] = []): BrokenDependent[] {
  if (on(value)) return [];
  return effectiveSettings(settings, files).flatMap((setting) => {
    const needs = sysctlKnowledge(setting.key)?.reliesOn;
    return needs && needs.key === key && on(setting.value) ? [{ setting, why: needs.why }] : [];
  });
}

/** "net.ipv4.tcp_tw_reuse = 1 (etc/sysctl.d/99-network.conf line 4)", a dependent named for a message. */
export function dependentLabel(d: BrokenDependent, fileLabel: (file: string) => string): string {
  return `${d.setting.key} = ${d.setting.value} (${fileLabel(d.setting.file)} line ${d.setting.keyRange.startLine + 1})`;
}
