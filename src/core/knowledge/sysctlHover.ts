import type { Finding } from '../diagnosis/finding';
import type { SysctlKnowledge } from './sysctlKeys';

/** A finding of an analysed capture that bears on a setting, with a link to its evidence. */
export interface CaptureBearing {
  captureName: string;
  finding: Pick<Finding, 'rule' | 'title' | 'fixes'>;
  /** Where the evidence is (a command: link in the editor); plain text when absent. */
  link?: string;
}

/** Whether a finding bears on a sysctl key: its fix sets the key, or its rule is one the key can cause or fix. */
export function findingBearsOn(key: string, knowledge: SysctlKnowledge | undefined, finding: Pick<Finding, 'rule' | 'fixes'>): boolean {
  return finding.fixes.some((f) => f.action.kind === 'sysctl' && f.action.key === key) || (knowledge?.relatedRules ?? []).includes(finding.rule);
}

/** The hover on a sysctl key in a config file: what it does, values, default, this file's value, and what captures show. */
export function sysctlHoverMarkdown(k: SysctlKnowledge, value: string | undefined, bearings: CaptureBearing[]): string {
  const parts = [`**${k.key}**`, k.summary, `**Values:** ${k.values}  \n**Default:** ${k.default}${value !== undefined ? `  \n**Here:** ${value}` : ''}`];
  for (const b of bearings) {
    const fix = b.finding.fixes.find((f) => f.action.kind === 'sysctl' && f.action.key === k.key);
    const what = b.link ? `[${b.captureName}](${b.link})` : b.captureName;
    let line = `**${what}** shows \`${b.finding.rule}\`: ${b.finding.title}.`;
    if (fix && fix.action.kind === 'sysctl')
      line += ` Workaround: ${k.key} = ${fix.action.value} on the ${fix.action.where}${fix.cost ? ` — cost: ${fix.cost}` : ''}`;
    parts.push(line);
  }
  return parts.join('\n\n');
}
