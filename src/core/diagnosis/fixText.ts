import type { FixAction } from './finding';

/** A fix's action in one line, as the CLI report and the assistant tools print it. */
export function fixActionText(a: FixAction): string {
  return a.kind === 'sysctl'
    ? `${a.key} = ${a.value} (on the ${a.where})`
    : a.kind === 'command'
      ? `$ ${a.command}`
      : a.kind === 'filter'
        ? `filter: ${a.filter}`
        : a.url;
}
