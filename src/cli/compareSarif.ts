import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompareFinding } from '../core/compare/compareFinding';
import { compareRuleRow } from '../core/compare/compareRuleRegistry';
import { LEVEL } from './sarif';

/**
 * SARIF 2.1.0 of a comparison, as `analyze --sarif` (sarif.ts) but with two artifacts: each result
 * is located in A and in B, its evidence frames as logical locations of each file.
 */
export function compareSarif(fileA: string, fileB: string, findings: CompareFinding[]): object {
  const rules = [...new Set(findings.map((f) => f.rule))].map((id) => ({
    id,
    shortDescription: { text: compareRuleRow(id).title },
    fullDescription: { text: compareRuleRow(id).cause },
    defaultConfiguration: { level: LEVEL[compareRuleRow(id).severity] },
  }));
  const uris = [fileA, fileB].map((f) => pathToFileURL(path.resolve(f)).href);
  const located = (index: number, frames: number[]) => ({
    physicalLocation: { artifactLocation: { uri: uris[index], index } },
    logicalLocations: frames.slice(0, 10).map((p) => ({ name: `frame ${p}`, kind: 'element' })),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'PCAP Inspector', informationUri: 'https://github.com/pcap-inspector/pcap-inspector', version: '0.1.0', rules } },
        artifacts: uris.map((uri) => ({ location: { uri }, mimeType: 'application/vnd.tcpdump.pcap' })),
        invocations: [{ executionSuccessful: true }],
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: rules.findIndex((r) => r.id === f.rule),
          level: LEVEL[f.severity],
          message: { text: `${f.title} (${f.location})\n\n${f.explanation}` },
          locations: [located(0, f.packetsA), located(1, f.packetsB)],
          // As analyze's: fixes change hosts, not artifacts, so they travel as properties.
          properties: {
            location: f.location,
            hops: f.hops,
            fields: f.fields,
            framesA: f.packetsA,
            framesB: f.packetsB,
            count: f.count,
            confidence: f.confidence,
            fixes: f.fixes,
          },
        })),
      },
    ],
  };
}
