/**
 * The arguments of a command that writes one file from the files it reads (merge, inject-secrets):
 * `-o OUT` (or `--output OUT`) and the input files; an unknown option is an error message.
 */
export function outputAndFiles(args: readonly string[]): { out?: string; files: string[] } | string {
  let out: string | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-o' || a === '--output') out = args[++k];
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else files.push(a);
  }
  return { out, files };
}
