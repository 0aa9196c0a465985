import type { ViewState, ViewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: ViewToHost): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The host connection; acquireVsCodeApi may be called only once per page. */
export const host: VsCodeApi = acquireVsCodeApi();

export const DEFAULT_STATE: ViewState = {
  filter: '',
  selected: -1,
  top: 0,
  timeMode: 'rel',
  columnWidths: [70, 130, 150, 150, 80, 70],
  tab: 'packets',
  diagram: -1,
  sidePane: false,
  flowSort: { key: 'stream', descending: false },
};
