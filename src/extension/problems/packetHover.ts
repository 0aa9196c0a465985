import * as vscode from 'vscode';
import { tokenAt } from '../../core/knowledge/packetLineTokens';
import { tokenNoteMarkdown } from '../../core/knowledge/tcpTokenNotes';
import type { AnalysisClient } from './analysisClient';
import { captureOfTextUri, PACKET_TEXT_SCHEME, type PacketTextProvider } from './packetTextView';

/** Hovers on TCP options, header fields and flags in a capture's text view: what it is and what it means in this flow. */
class PacketTokenHover implements vscode.HoverProvider {
  constructor(
    private readonly client: AnalysisClient,
    private readonly text: PacketTextProvider,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const capture = captureOfTextUri(doc.uri);
    const frame = this.text.frameAt(doc.uri, pos.line);
    if (!capture || frame === undefined) return undefined;
    const line = doc.lineAt(pos.line).text;
    const token = tokenAt(line, pos.character);
    if (!token) return undefined;
    const { notes, evidence } = await this.client.notes(capture, frame);
    const note = notes.find((n) => n.token === token.name && n.occurrence === token.occurrence);
    if (!note) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(tokenNoteMarkdown(note, evidence)), new vscode.Range(pos.line, token.start, pos.line, token.end));
  }
}

export function registerPacketHover(client: AnalysisClient, text: PacketTextProvider): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ scheme: PACKET_TEXT_SCHEME }, new PacketTokenHover(client, text));
}
