import type { AnalysisResult } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import type { FlowSummary } from '../../core/flows/flowTypes';
import { clientDirectionOf, tcpFlowDetail } from '../../core/flows/tcpConversations';

/** Conversations whose detail is kept: the ones on screen and a little more. */
const KEEP = 256;

/**
 * TCP conversations with their handshake and offered options, made when a row or the detail tree
 * of one of their packets is shown (option tooltips need them: "TSecr … does not echo the SYN's
 * TSval … (packet 3)"). The editor's analysis leaves that detail out of every flow; the few shown
 * get it from their own packets, and the most recently used are kept.
 */
export class TcpFlowDetails {
  private readonly byStream = new Map<number, FlowSummary>();
  private readonly cache = new Map<number, FlowSummary>();

  constructor(private readonly capture: Capture, private readonly analysis: AnalysisResult) {
    for (const f of analysis.flows) if (f.transport === 'tcp') this.byStream.set(f.stream, f);
  }

  get(stream: number): FlowSummary | undefined {
    const hit = this.cache.get(stream);
    if (hit) {
      this.cache.delete(stream);
      this.cache.set(stream, hit);
      return hit;
    }
    const flow = this.byStream.get(stream);
    if (!flow) return undefined;
    const ix = this.capture.index;
    const detailed = { ...flow, ...tcpFlowDetail(ix, this.analysis.extras, stream, clientDirectionOf(ix, flow)) };
    this.cache.set(stream, detailed);
    if (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value!);
    return detailed;
  }
}
