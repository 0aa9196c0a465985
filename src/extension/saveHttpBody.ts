import * as vscode from 'vscode';
import { objectFileName } from '../core/http/objectFileName';
import type { HttpMessageView, ViewToHost } from '../protocol';
import type { CaptureDocument } from './captureDocument';
import { bodyOf } from './httpBodyBytes';

export type SaveHttpBodyRequest = Extract<ViewToHost, { type: 'saveHttpBody' }>;

/** The HTTP tab's Save body…, checked: the page is not trusted, so its numbers are checked before use. */
export function isSaveHttpBody(m: SaveHttpBodyRequest): boolean {
  const count = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  return count(m.stream) && count(m.exchange) && (m.part === 'request' || m.part === 'response') && typeof m.decoded === 'boolean';
}

/**
 * Saves one message body where the user says (showSaveDialog), through workspace.fs so remote
 * folders work, read from the worker window by window as Export Objects → HTTP reads it. The name
 * offered is the one the export would give (Content-Disposition, else the URI's last segment).
 * `pick` stands in for the dialog in tests. Resolves with the file written, if any.
 */
export async function saveHttpBody(
  doc: CaptureDocument,
  m: SaveHttpBodyRequest,
  pick: (suggested: vscode.Uri) => Thenable<vscode.Uri | undefined> = (suggested) =>
    vscode.window.showSaveDialog({ defaultUri: suggested, saveLabel: 'Save Body', title: 'Save HTTP body' }),
): Promise<vscode.Uri | undefined> {
  if (!isSaveHttpBody(m)) throw new Error(`not a body to save: ${JSON.stringify(m)}`);
  const page = await doc.query({ type: 'httpMessages', stream: m.stream, start: m.exchange, count: 1 });
  const x = page?.start === m.exchange ? page.exchanges[0] : undefined;
  const message = x?.[m.part];
  if (!x || !message) {
    void vscode.window.showErrorMessage(`PCAP Inspector: stream ${m.stream} has no ${m.part} in exchange ${m.exchange + 1}.`);
    return undefined;
  }
  const name = objectFileName(requestUri(x.request), m.part === 'response' ? header(message, 'content-disposition') : undefined, `${m.part}-body`);
  const target = await pick(vscode.Uri.joinPath(vscode.Uri.joinPath(doc.uri, '..'), name));
  if (!target) return undefined;
  let bytes = await bodyOf(doc, m, m.decoded);
  let note = '';
  if (!bytes && m.decoded) {
    bytes = await bodyOf(doc, m, false);
    note = ' It could not be decoded: saved as sent.';
  }
  if (!bytes) {
    void vscode.window.showErrorMessage(`PCAP Inspector: the body's bytes could not be read (see the PCAP Inspector log).`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`PCAP Inspector: saved ${bytes.length} bytes to ${target.path}.${note}`);
  return target;
}

/** The request target of "GET /a/b.png HTTP/1.1". */
function requestUri(request: HttpMessageView | undefined): string | undefined {
  return request?.startLine.split(' ')[1];
}

function header(m: HttpMessageView, name: string): string | undefined {
  return m.headers.find((h) => h.name.toLowerCase() === name)?.value;
}
