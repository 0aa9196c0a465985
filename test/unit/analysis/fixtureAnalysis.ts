import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import type { AnalysisResult } from '../../../src/core/analysis';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import type { Finding } from '../../../src/core/diagnosis/finding';
import { FIXTURES } from '../golden/tsharkGolden';

/** Opens and analyses a fixture capture (closed by the caller). */
export async function analyzeFixture(name: string): Promise<{ capture: Capture; result: AnalysisResult }> {
  const capture = await openCaptureFile(path.join(FIXTURES, name));
  return { capture, result: analyzeCapture(capture) };
}

export function byRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}
