import * as vscode from 'vscode';
import { uniqueFileName } from '../core/http/objectFileName';
import type { HttpObject } from '../protocol';
import { toUri } from './captureCommands';
import type { CaptureDocument } from './captureDocument';
import type { CaptureEditorProvider } from './captureEditorProvider';
import { CAPTURE_EDITOR_VIEW_TYPE } from './captureEditorProvider';
import { bodyOf } from './httpBodyBytes';

/** What an export did (the command returns it: tests and scripts read it). */
export interface HttpExportResult {
  folder: string;
  saved: string[];
  /** "name: why" for bodies saved as sent because they could not be decoded, or not saved at all. */
  problems: string[];
}

/**
 * File → Export Objects → HTTP: pick bodies from the capture's list, pick a folder, save them.
 * pcapInspector.exportHttpObjects(captureUri?, folderUri?): without a capture, the active capture
 * editor's; with a folder, every object is saved there without asking (scripts, tests). Files are
 * written through workspace.fs (remote folders work) and never overwrite: a taken name gets "(1)".
 */
export function registerExportHttpObjects(context: vscode.ExtensionContext, editors: CaptureEditorProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.exportHttpObjects', (capture?: unknown, folder?: unknown) => exportHttpObjects(editors, capture, folder)),
  );
}

async function exportHttpObjects(editors: CaptureEditorProvider, captureArg: unknown, folderArg: unknown): Promise<HttpExportResult | undefined> {
  const uri = captureArg !== undefined ? toUri(captureArg) : activeCaptureUri();
  if (!uri) {
    void vscode.window.showErrorMessage('PCAP Inspector: open a capture to export its HTTP objects.');
    return undefined;
  }
  const doc = await documentOf(editors, uri);
  if (!doc) {
    void vscode.window.showErrorMessage(`PCAP Inspector: ${uri.path} did not open.`);
    return undefined;
  }
  await doc.whenSettled();
  const list = await objectsOf(doc);
  if (!list) {
    void vscode.window.showErrorMessage(`PCAP Inspector: ${doc.fileName} could not list its HTTP objects (see the PCAP Inspector log).`);
    return undefined;
  }
  if (!list.objects.length) {
    void vscode.window.showInformationMessage(`PCAP Inspector: ${doc.fileName} has no HTTP/1.x objects.`);
    return undefined;
  }
  let chosen = list.objects;
  let folder = folderArg !== undefined ? toUri(folderArg) : undefined;
  if (!folder) {
    const picked = await vscode.window.showQuickPick(
      list.objects.map((o) => ({
        label: o.filename,
        description: `${o.size} bytes · ${o.contentType || 'no type'}`,
        detail: detailOf(o),
        picked: true,
        object: o,
      })),
      { canPickMany: true, title: `Export HTTP objects of ${doc.fileName}`, matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked?.length) return undefined;
    chosen = picked.map((p) => p.object);
    folder = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export Here' }))?.[0];
    if (!folder) return undefined;
  }
  const result = await saveObjects(doc, chosen, folder);
  const more = result.problems.length ? ` ${result.problems.length} with problems: ${result.problems.join('; ')}` : '';
  void vscode.window.showInformationMessage(`PCAP Inspector: ${result.saved.length} HTTP object(s) saved to ${folder.path}.${more}`);
  return result;
}

/** Objects asked per request (the worker's MAX_HTTP_ITEMS): a capture may hold millions. */
const PAGE = 1000;

/**
 * The capture's HTTP objects, page by page: the first request lists them all in the worker (a pass
 * over the capture, hence its long timeout); the rest only slice that list. Undefined if one fails.
 */
async function objectsOf(doc: CaptureDocument): Promise<{ objects: HttpObject[] } | undefined> {
  const objects: HttpObject[] = [];
  for (let total = Infinity; objects.length < total;) {
    const page = await doc.query({ type: 'httpObjects', start: objects.length, count: PAGE }, objects.length ? 30_000 : 120_000);
    if (!page || page.start !== objects.length || (!page.objects.length && page.total > objects.length)) return undefined;
    objects.push(...page.objects);
    total = page.total;
  }
  return { objects };
}

async function saveObjects(doc: CaptureDocument, objects: HttpObject[], folder: vscode.Uri): Promise<HttpExportResult> {
  await vscode.workspace.fs.createDirectory(folder);
  const existing = new Set((await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name));
  const result: HttpExportResult = { folder: folder.toString(), saved: [], problems: [] };
  for (const o of objects) {
    const name = uniqueFileName(o.filename, (n) => existing.has(n));
    const bytes = (await bodyOf(doc, o, true)) ?? (await bodyOf(doc, o, false));
    if (!bytes) {
      result.problems.push(`${name}: the worker did not return its bytes`);
      continue;
    }
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), bytes);
    existing.add(name);
    result.saved.push(name);
    if (o.error) result.problems.push(`${name}: ${o.error}`);
  }
  return result;
}

function detailOf(o: HttpObject): string {
  return `packet ${o.packet + 1} · ${o.hostname}${o.uri ? ` · ${o.uri}` : ''}${o.error ? ` · ⚠ ${o.error}` : ''}`;
}

function activeCaptureUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === CAPTURE_EDITOR_VIEW_TYPE ? input.uri : undefined;
}

async function documentOf(editors: CaptureEditorProvider, uri: vscode.Uri): Promise<CaptureDocument | undefined> {
  const open = editors.find(uri);
  if (open) return open;
  await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_EDITOR_VIEW_TYPE);
  return editors.whenOpen(uri, 30_000);
}
