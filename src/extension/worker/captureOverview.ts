import type { AnalysisResult } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { ProtoCode } from '../../core/decode/fields';
import { linkTypeName } from '../../core/decode/linkTypes';
import { ANALYSIS_FLAG_NAMES } from '../../core/index/analysisFlags';
import { PF_MALFORMED } from '../../core/index/packetIndex';
import { captureInfo } from '../../core/summary/captureInfo';
import type { CaptureOverview } from '../../protocol';

/**
 * The Statistics overview of a read capture: capinfos' facts (captureInfo), what the decoders
 * could not make sense of, and — once the analysis has run — the tcp.analysis.* flags it set and
 * the findings by severity. One pass over the columns; nothing is decoded again.
 */
export function captureOverview(capture: Capture, fileName: string, analysis: AnalysisResult | undefined): CaptureOverview {
  const info = captureInfo(capture);
  const ix = capture.index;
  let notDecoded = 0;
  let malformed = 0;
  const flagCounts = new Uint32Array(ANALYSIS_FLAG_NAMES.length);
  const analysed = analysis !== undefined;
  for (let i = 0; i < ix.count; i++) {
    if (ix.proto[i] === ProtoCode.Unknown) notDecoded++;
    if (ix.flags[i] & PF_MALFORMED) malformed++;
    const bits = analysed ? ix.analysis[i] : 0;
    if (bits) for (let b = 0; b < ANALYSIS_FLAG_NAMES.length; b++) if (bits & (1 << b)) flagCounts[b]++;
  }
  const o: CaptureOverview = {
    fileName,
    format: `${info.format}${info.compression ? `, ${info.compression}` : ''}`,
    size: info.size,
    interfaces: info.interfaces.map((f) => ({ ...(f.name ? { name: f.name } : {}), linkType: linkTypeName(f.linkType), snaplen: f.snaplen })),
    packets: info.packets,
    bytes: info.bytes,
    notDecoded,
    malformed,
    truncated: info.truncatedPackets,
  };
  if (info.firstIso) o.first = info.firstIso;
  if (info.lastIso) o.last = info.lastIso;
  if (info.duration !== undefined) o.duration = Number(info.duration);
  if (info.error) o.error = `${info.error.message} (byte ${info.error.offset})`;
  if (analysed) {
    o.analysisFlags = ANALYSIS_FLAG_NAMES.map((flag, b) => ({ flag, packets: flagCounts[b] })).filter((f) => f.packets > 0);
    const findings = { error: 0, warning: 0, info: 0 };
    for (const f of analysis.findings) findings[f.severity]++;
    o.findings = findings;
    o.flows = analysis.flows.length;
  }
  return o;
}
