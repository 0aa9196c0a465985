/** A position in a text file: 0-based line and character, as editors count. */
export interface TextRange {
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
}

/**
 * How a YAML value scalar is written, so that an edit writes the new value the same way: its quotes,
 * whether it must stay a string (Kubernetes and Ansible take strings; a Pod with `value: 0` is
 * rejected), and text kept in front of the value in the same scalar (Compose's list form `key=value`).
 */
export interface YamlValueStyle {
  quote: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  string: boolean;
  prefix?: string;
}

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
  /** For a value that is a YAML scalar of its own (not a line inside a block). */
  yaml?: YamlValueStyle;
  /** The file on the host when it is not `file` itself (a cloud-init write_files path). */
  target?: string;
}

/** A file that could not be read as what it claims to be: a clear message, never a crash. */
export interface ConfigProblem {
  file: string;
  message: string;
  range: TextRange;
}

export interface ConfigScan {
  settings: SysctlSetting[];
  problems: ConfigProblem[];
}
