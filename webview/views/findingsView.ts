import { el } from '../dom';
import { FindingsPanel, type FindingsHost } from '../findingsPanel';
import { LadderDiagram } from '../ladderDiagram';

/** The Findings tab: what the diagnosis found, each with its evidence, fixes and its stream's diagram. */
export class FindingsView {
  readonly label = 'Findings';
  readonly root = el('div', 'analysis-pane');
  readonly list: FindingsPanel;
  readonly diagram: LadderDiagram;

  constructor(host: FindingsHost & { onArrow(frame: number): void }) {
    this.list = new FindingsPanel(host);
    this.diagram = new LadderDiagram({ onArrow: (frame) => host.onArrow(frame) });
    this.root.append(this.list.root, this.diagram.root);
  }
}
