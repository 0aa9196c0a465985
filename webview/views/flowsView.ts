import type { FlowSort, FlowView } from '../../src/protocol';
import { el } from '../dom';
import { FlowsPanel } from '../flowsPanel';
import { requests, unanswered } from '../hostChannel';
import { LadderDiagram } from '../ladderDiagram';

export interface FlowsViewHost {
  onFlow(flow: FlowView): void;
  onSortChange(sort: FlowSort): void;
  /** A diagram arrow was clicked: that packet in the Packets tab. */
  onArrow(frame: number): void;
}

/** The Flows tab: the conversations (sorted and paged by the worker) over the selected one's diagram. */
export class FlowsView {
  readonly label = 'Flows';
  readonly root = el('div', 'analysis-pane');
  readonly list: FlowsPanel;
  readonly diagram: LadderDiagram;

  constructor(host: FlowsViewHost, sort: FlowSort) {
    this.list = new FlowsPanel(
      {
        requestFlows: (sort, start, count) => requests.request('flows', { sort, start, count }).then((m) => this.list.addFlows(m), unanswered),
        requestPosition: (sort, transport, stream) =>
          requests.request('flowPosition', { sort, transport, stream }).then((m) => this.list.onPosition(m), unanswered),
        onSelect: (flow) => host.onFlow(flow),
        onSortChange: (s) => host.onSortChange(s),
      },
      sort,
    );
    this.diagram = new LadderDiagram({ onArrow: (frame) => host.onArrow(frame) });
    this.root.append(this.list.root, this.diagram.root);
  }
}
