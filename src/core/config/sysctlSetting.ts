/** A position in a text file: 0-based line and character, as editors count. */
export interface TextRange { startLine: number; startChar: number; endLine: number; endChar: number }

/** One sysctl assignment found in a configuration file of any kind. */
export interface SysctlSetting {
  key: string;
  value: string;
  file: string;
  /** Where the key and the value are written, for diagnostics, hovers and edits. */
  keyRange: TextRange;
  valueRange: TextRange;
  /** Which kind of file said it. */
  source: 'sysctl.conf' | 'ansible' | 'kubernetes' | 'compose' | 'cloud-init';
}

/** A file that could not be read as what it claims to be: a clear message, never a crash. */
export interface ConfigProblem { file: string; message: string; range: TextRange }

export interface ConfigScan { settings: SysctlSetting[]; problems: ConfigProblem[] }
