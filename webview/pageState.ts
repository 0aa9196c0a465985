import type { AnalysisState, CaptureHeader, ViewIntent, ViewState } from '../src/protocol';
import { count } from './plural';

/**
 * The editor page's state as one value and the events that change it: where loading is, which view
 * of the packets the positions refer to, the analysis, a command waiting to run, and the persisted
 * UI state (selection, filter, active tab). Pure: no DOM, no messages; the shell (shell.ts) feeds it
 * events and draws what it says, and test/unit/webview tests the transitions.
 */

/** Where reading the file is; a cancelled load is its own phase, never recognised by an error text. */
export type LoadPhase =
  | { phase: 'loading'; fileName: string; reload: boolean }
  | { phase: 'loaded'; header: CaptureHeader }
  | { phase: 'cancelled'; header: CaptureHeader }
  | { phase: 'error'; message: string };

/** The filter reply on screen: the status line says how many packets it shows. */
export interface ShownView {
  gen: number;
  text: string;
  count: number;
  total: number;
  ms: number;
}

export interface PageState {
  load: LoadPhase;
  /** Generation of the view the table's positions refer to (-1: none yet). */
  gen: number;
  /** A filter reply came for the loaded file: positions and `gen` refer to it, commands may run. */
  viewReady: boolean;
  shown: ShownView | undefined;
  /** The scroll position restored from the saved state is still to be applied (once, on the first view). */
  restoring: boolean;
  analysis: AnalysisState;
  /** A command's request that waits for the capture (and, for some, its analysis). */
  intent: ViewIntent | undefined;
  /** The frame a reveal command asked for: if the filter hides it, the filter is cleared. */
  revealing: number;
  ui: ViewState;
}

export type PageEvent =
  | { type: 'loading'; fileName: string; reload: boolean }
  /** Rows of the file being read are final under generation `gen`. */
  | { type: 'progress'; gen: number; packets: number }
  | { type: 'loaded'; header: CaptureHeader }
  | { type: 'failed'; message: string }
  /** The worker applied a filter: its view is the one shown. */
  | { type: 'view'; view: ShownView }
  | { type: 'analysis'; analysis: AnalysisState }
  | { type: 'intent'; intent: ViewIntent }
  /** The pending intent was carried out. */
  | { type: 'intentDone' }
  | { type: 'reveal'; frame: number }
  | { type: 'select'; packet: number }
  | { type: 'filter'; text: string }
  | { type: 'tab'; tab: ViewState['tab'] }
  | { type: 'ui'; patch: Partial<ViewState> };

export function initialPage(ui: ViewState): PageState {
  return {
    load: { phase: 'loading', fileName: '', reload: false },
    gen: -1,
    viewReady: false,
    shown: undefined,
    restoring: true,
    analysis: { status: 'running' },
    intent: undefined,
    revealing: -1,
    ui,
  };
}

export function isLoaded(s: PageState): boolean {
  return s.load.phase === 'loaded' || s.load.phase === 'cancelled';
}

export function headerOf(s: PageState): CaptureHeader | undefined {
  return s.load.phase === 'loaded' || s.load.phase === 'cancelled' ? s.load.header : undefined;
}

export function transition(s: PageState, e: PageEvent): PageState {
  switch (e.type) {
    case 'loading':
      return { ...s, load: { phase: 'loading', fileName: e.fileName, reload: e.reload }, viewReady: false, shown: undefined };
    case 'progress':
      // Rows stream in under the reading generation: a new one ends the restoring of the old view.
      return e.gen === s.gen ? s : { ...s, gen: e.gen, restoring: false };
    case 'loaded':
      return { ...s, load: e.header.cancelled ? { phase: 'cancelled', header: e.header } : { phase: 'loaded', header: e.header } };
    case 'failed':
      return { ...s, load: { phase: 'error', message: e.message } };
    case 'view':
      return { ...s, gen: e.view.gen, viewReady: isLoaded(s), shown: e.view, restoring: false };
    case 'analysis':
      return { ...s, analysis: e.analysis };
    case 'intent':
      return { ...s, intent: e.intent };
    case 'intentDone':
      return { ...s, intent: undefined };
    case 'reveal':
      return { ...s, revealing: e.frame, ui: { ...s.ui, selected: e.frame - 1 } };
    case 'select':
      return { ...s, revealing: -1, ui: { ...s.ui, selected: e.packet } };
    case 'filter':
      return { ...s, ui: { ...s.ui, filter: e.text } };
    case 'tab':
      return { ...s, ui: { ...s.ui, tab: e.tab } };
    case 'ui':
      return { ...s, ui: { ...s.ui, ...e.patch } };
  }
}

/**
 * The pending command if it can run now: a reveal once the loaded file's view is there; a filter or
 * a stream also once the analysis has finished (tcp.analysis.* fields and the flows need it).
 */
export function runnableIntent(s: PageState): ViewIntent | undefined {
  const i = s.intent;
  if (!i || !isLoaded(s) || !s.viewReady) return undefined;
  if (i.type !== 'reveal' && s.analysis.status === 'running') return undefined;
  return i;
}

/** What the notice line says about how loading ended; `reload`: offer to read the file again. */
export function loadNotice(load: LoadPhase): { text: string; reload: boolean } | undefined {
  switch (load.phase) {
    case 'error':
      return { text: load.message, reload: true };
    case 'cancelled': {
      const h = load.header;
      return {
        text: `Reading was cancelled at byte ${h.error?.offset ?? h.size}: the ${count(h.packets, 'packet')} read so far ${h.packets === 1 ? 'is' : 'are'} shown and analysed.`,
        reload: true,
      };
    }
    case 'loaded': {
      const e = load.header.error;
      return e ? { text: `Reading stopped early: ${e.message} (byte ${e.offset}). Packets before it are shown.`, reload: false } : undefined;
    }
    case 'loading':
      return undefined;
  }
}

/** The status line once a view is shown: file, format, packets, duration, flows and findings, what the filter shows. */
export function statusLine(s: PageState): string | undefined {
  const m = s.shown;
  if (!m) return undefined;
  const shown = m.text ? ` · Displayed: ${m.count} (${m.total ? ((m.count / m.total) * 100).toFixed(1) : '0'}%) · filter ${m.ms} ms` : '';
  const a = s.analysis;
  const analysed = a.status === 'ready' ? ` · ${count(a.flowCount, 'flow')} · ${count(a.findings.length, 'finding')}` : '';
  const h = headerOf(s);
  return h
    ? `${h.fileName} · ${h.format} · ${count(h.packets, 'packet')}${h.duration ? ` · ${h.duration} s` : ''}${analysed}${shown}`
    : `${count(m.total, 'packet')}${shown}`;
}

/** What the empty table says for a view with no rows. */
export function emptyText(s: PageState): string {
  const m = s.shown;
  if (!m || m.count > 0) return '';
  if (m.total > 0) return `No packet matches the filter ${m.text}.`;
  const e = headerOf(s)?.error;
  return e ? `No packet could be read: ${e.message} (byte ${e.offset}).` : 'This capture holds no packets.';
}
