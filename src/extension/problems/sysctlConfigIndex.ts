import * as vscode from 'vscode';
import { isSysctlConfPath, parseSysctlConf } from '../../core/config/sysctlConf';
import type { ConfigScan, SysctlSetting } from '../../core/config/sysctlSetting';
import { parseYamlSysctls } from '../../core/config/yamlSysctls';

export const CONFIG_GLOB = '**/{sysctl.conf,sysctl.d/*.conf,*.yml,*.yaml}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.e2e/**}';
const MAX_FILES = 5000;

function isYamlPath(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/** Parses a file that may hold sysctl settings; undefined when it is not such a file. */
export function scanConfigText(uri: vscode.Uri, text: string): ConfigScan | undefined {
  if (isSysctlConfPath(uri.path)) return parseSysctlConf(text, uri.toString());
  // YAML that never mentions sysctl cannot hold a setting: skip the parse (and its syntax errors).
  if (isYamlPath(uri.path)) return /sysctl/.test(text) ? parseYamlSysctls(text, uri.toString()) : { settings: [], problems: [] };
  return undefined;
}

/**
 * Every sysctl setting in the workspace's config files (sysctl.conf and sysctl.d, Ansible, Kubernetes,
 * Compose, cloud-init), kept current from open editors and from the file system.
 */
export class SysctlConfigIndex implements vscode.Disposable {
  private readonly scans = new Map<string, { uri: vscode.Uri; scan: ConfigScan }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private scanned: Promise<void> | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    const reread = (uri: vscode.Uri) => void this.readFile(uri).then(() => this.changed.fire());
    // A folder copied or unpacked into the workspace may be reported as the folder alone: look inside it.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reread),
      watcher.onDidChange(reread),
      folders,
      folders.onDidCreate((uri) => void this.readFolder(uri)),
      watcher.onDidDelete((uri) => {
        if (this.scans.delete(uri.toString())) this.changed.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.update(e.document)) this.changed.fire();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (this.update(d)) this.changed.fire();
      }),
      this.changed,
    );
  }

  /** Scans the workspace once (later calls wait for the same scan). */
  ready(): Promise<void> {
    this.scanned ??= (async () => {
      const files = await vscode.workspace.findFiles(CONFIG_GLOB, EXCLUDE, MAX_FILES);
      await Promise.all(files.map((f) => this.readFile(f)));
      for (const d of vscode.workspace.textDocuments) this.update(d);
      this.changed.fire();
    })();
    return this.scanned;
  }

  private async readFolder(uri: vscode.Uri): Promise<void> {
    if (!this.scanned || /\/(node_modules|\.git)(\/|$)/.test(uri.path)) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
    } catch {
      return;
    }
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, CONFIG_GLOB), EXCLUDE, MAX_FILES);
    if (!files.length) return;
    await Promise.all(files.map((f) => this.readFile(f)));
    this.changed.fire();
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      this.update(open);
      return;
    }
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const scan = scanConfigText(uri, text);
      if (scan) this.scans.set(uri.toString(), { uri, scan });
    } catch {
      this.scans.delete(uri.toString());
    }
  }

  /** Re-parses an open document; true when it is a config file. */
  update(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote' && doc.uri.scheme !== 'untitled') return false;
    const scan = scanConfigText(doc.uri, doc.getText());
    if (!scan) return false;
    this.scans.set(doc.uri.toString(), { uri: doc.uri, scan });
    return true;
  }

  scanOf(doc: vscode.TextDocument): ConfigScan | undefined {
    this.update(doc);
    return this.scans.get(doc.uri.toString())?.scan;
  }

  settings(): SysctlSetting[] {
    return [...this.scans.values()].flatMap((s) => s.scan.settings);
  }

  files(): Array<{ uri: vscode.Uri; scan: ConfigScan }> {
    return [...this.scans.values()];
  }

  /** sysctl.conf-format files a new line can be appended to. */
  sysctlFiles(): vscode.Uri[] {
    return this.files()
      .filter((f) => isSysctlConfPath(f.uri.path))
      .map((f) => f.uri)
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
