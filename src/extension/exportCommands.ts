import * as vscode from 'vscode';
import { openCaptureBytes } from '../core/capture/openCapture';
import type { Capture } from '../core/capture/openCapture';
import { MemorySink } from '../core/export/byteSink';
import { formatForFileName } from '../core/export/captureWriter';
import { mergeCaptures } from '../core/export/mergeCaptures';
import type { PacketSelection } from '../protocol';
import type { CaptureDocument } from './captureDocument';
import type { CaptureEditorProvider } from './captureEditorProvider';

const CAPTURE_FILTERS = { 'pcapng (keeps interfaces and comments)': ['pcapng'], pcap: ['pcap'] };
/** Exports can be large: the worker writes them in memory, and a slow disk must not time the request out. */
const EXPORT_TIMEOUT_MS = 10 * 60_000;

/**
 * File → Export Specified Packets, Merge, packet marks and comments, as Wireshark has them. The files are
 * written through workspace.fs, so they land where the workspace is (a remote or virtual one too).
 */
export function registerExportCommands(context: vscode.ExtensionContext, editors: CaptureEditorProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pcapInspector.exportPackets', (uri?: unknown, selection?: unknown, target?: unknown) =>
      exportSpecifiedPackets(editors, uri, selection, target),
    ),
    vscode.commands.registerCommand('pcapInspector.mergeCaptures', (uri?: unknown, uris?: unknown, target?: unknown) => mergeFiles(uri, uris, target)),
    vscode.commands.registerCommand('pcapInspector.toggleMark', () => editors.markAction('toggle')),
    vscode.commands.registerCommand('pcapInspector.nextMark', () => editors.markAction('next')),
    vscode.commands.registerCommand('pcapInspector.previousMark', () => editors.markAction('previous')),
    vscode.commands.registerCommand('pcapInspector.commentPacket', (uri?: unknown, packet?: unknown, text?: unknown) =>
      commentPacket(editors, uri, packet, text),
    ),
  );
}

function documentFor(editors: CaptureEditorProvider, uri: unknown): CaptureDocument | undefined {
  if (uri instanceof vscode.Uri) return editors.find(uri);
  return editors.activeDocument();
}

interface SelectionItem extends vscode.QuickPickItem {
  selection: PacketSelection;
}

/** What the active editor shows and has selected, as Wireshark's export dialog lists it. */
function selectionItems(doc: CaptureDocument): SelectionItem[] {
  const state = doc.activeViewState();
  const items: SelectionItem[] = [{ label: 'All packets', selection: { kind: 'all' } }];
  if (state?.filter) items.push({ label: 'Displayed packets', description: state.filter, selection: { kind: 'displayed', filter: state.filter } });
  if (state && state.selected >= 0) {
    const p = state.selected;
    items.push({ label: `Selected packet`, description: `No. ${p + 1}`, selection: { kind: 'packets', packets: [p] } });
    items.push({ label: 'Conversation of the selected packet', description: `No. ${p + 1}'s TCP/UDP stream`, selection: { kind: 'streamOf', packet: p } });
    items.push({
      label: 'Conversation of the selected packet, client → server only',
      selection: { kind: 'streamOf', packet: p, direction: 'client' },
    });
    items.push({
      label: 'Conversation of the selected packet, server → client only',
      selection: { kind: 'streamOf', packet: p, direction: 'server' },
    });
  }
  items.push({ label: 'Marked packets', description: 'Ctrl+M marks a packet', selection: { kind: 'marked' } });
  return items;
}

function isSelection(x: unknown): x is PacketSelection {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

/** Next to the capture when it is a file the workspace can write to. */
function defaultTarget(doc: CaptureDocument, suffix: string): vscode.Uri {
  const base = doc.uri.path.replace(/\.(pcapng|pcap|cap)(\.gz)?$/i, '');
  return doc.uri.with({ path: `${base}-${suffix}.pcapng` });
}

async function exportSpecifiedPackets(
  editors: CaptureEditorProvider,
  uri: unknown,
  selectionArg: unknown,
  targetArg: unknown,
): Promise<vscode.Uri | undefined> {
  const doc = documentFor(editors, uri);
  if (!doc) {
    void vscode.window.showErrorMessage('PCAP Inspector: open a capture to export its packets.');
    return undefined;
  }
  let selection: PacketSelection;
  if (isSelection(selectionArg)) selection = selectionArg;
  else {
    const pick = await vscode.window.showQuickPick(selectionItems(doc), { title: 'Export Specified Packets', placeHolder: 'Which packets?' });
    if (!pick) return undefined;
    selection = pick.selection;
  }
  const target =
    targetArg instanceof vscode.Uri
      ? targetArg
      : await vscode.window.showSaveDialog({ title: 'Export Specified Packets', defaultUri: defaultTarget(doc, 'export'), filters: CAPTURE_FILTERS });
  if (!target) return undefined;
  const reply = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting packets of ${doc.fileName}…` }, () =>
    doc.query({ type: 'exportPackets', selection, format: formatForFileName(target.path) }, EXPORT_TIMEOUT_MS),
  );
  if (!reply) {
    void vscode.window.showErrorMessage(`PCAP Inspector: ${doc.fileName} did not answer the export (see the PCAP Inspector log).`);
    return undefined;
  }
  if (reply.error) {
    void vscode.window.showErrorMessage(`PCAP Inspector: nothing exported. ${reply.error}`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, reply.bytes);
  void offerToOpen(target, `${reply.packets} packet${reply.packets === 1 ? '' : 's'} written to ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}

async function offerToOpen(target: vscode.Uri, message: string): Promise<void> {
  const open = await vscode.window.showInformationMessage(message, 'Open');
  if (open) await vscode.commands.executeCommand('vscode.openWith', target, 'pcapInspector.capture');
}

/** The Explorer passes the clicked file and the whole multi-selection; a command call may pass a list. */
function mergeInputs(uri: unknown, uris: unknown): vscode.Uri[] {
  const list = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (list.length) return list;
  return uri instanceof vscode.Uri ? [uri] : [];
}

async function mergeFiles(uri: unknown, uris: unknown, targetArg: unknown): Promise<vscode.Uri | undefined> {
  let inputs = mergeInputs(uri, uris);
  if (inputs.length < 2) {
    const more = await vscode.window.showOpenDialog({
      title: 'Merge captures (in time order)',
      canSelectMany: true,
      defaultUri: inputs[0],
      filters: { Captures: ['pcap', 'pcapng', 'cap', 'gz'] },
    });
    if (!more) return undefined;
    inputs = [...inputs, ...more.filter((m) => !inputs.some((i) => i.toString() === m.toString()))];
  }
  if (inputs.length < 2) {
    void vscode.window.showErrorMessage('PCAP Inspector: merging needs two captures or more.');
    return undefined;
  }
  const first = inputs[0];
  const target =
    targetArg instanceof vscode.Uri
      ? targetArg
      : await vscode.window.showSaveDialog({
          title: `Merge ${inputs.length} captures`,
          defaultUri: first.with({ path: first.path.replace(/[^/]*$/, 'merged.pcapng') }),
          filters: CAPTURE_FILTERS,
        });
  if (!target) return undefined;
  const captures: Capture[] = [];
  try {
    const failures: string[] = [];
    const bytes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Merging ${inputs.length} captures…` },
      async () => {
        for (const input of inputs) {
          const c = openCaptureBytes(await vscode.workspace.fs.readFile(input));
          if (c.error) failures.push(`${vscode.workspace.asRelativePath(input)}: ${c.error.message} (merged the packets before it)`);
          captures.push(c);
        }
        const sink = new MemorySink();
        mergeCaptures(captures, formatForFileName(target.path), sink.write);
        return sink.bytes();
      },
    );
    await vscode.workspace.fs.writeFile(target, bytes);
    const total = captures.reduce((n, c) => n + c.index.count, 0);
    if (failures.length) void vscode.window.showWarningMessage(`PCAP Inspector: ${failures.join('; ')}`);
    void offerToOpen(target, `${total} packets from ${inputs.length} captures merged into ${vscode.workspace.asRelativePath(target)}.`);
    return target;
  } catch (e) {
    void vscode.window.showErrorMessage(`PCAP Inspector: merge failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    for (const c of captures) c.close();
  }
}

/** Edits the selected packet's comment (one line; empty removes it); export writes it as a pcapng comment. */
async function commentPacket(editors: CaptureEditorProvider, uri: unknown, packetArg: unknown, textArg: unknown): Promise<string[] | undefined> {
  const doc = documentFor(editors, uri);
  const packet = typeof packetArg === 'number' ? packetArg : doc?.activeViewState()?.selected;
  if (!doc || packet === undefined || packet < 0) {
    void vscode.window.showErrorMessage('PCAP Inspector: select a packet to comment.');
    return undefined;
  }
  let text = typeof textArg === 'string' ? textArg : undefined;
  if (text === undefined) {
    const detail = await doc.query({ type: 'detail', packet });
    const current = (detail?.tree ?? []).flatMap((n) => n.children ?? []).filter((n) => n.field === 'frame.comment');
    text = await vscode.window.showInputBox({
      title: `Packet comment, No. ${packet + 1}`,
      value: current.map((n) => n.text.replace(/^Comment: /, '')).join(' '),
      prompt: 'Saved as a pcapng comment when the packets are exported. Empty removes it.',
    });
    if (text === undefined) return undefined;
  }
  const reply = await doc.query({ type: 'comment', packet, comments: [text] });
  doc.annotationsChanged(packet);
  return reply?.comments;
}
