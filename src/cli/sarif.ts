import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../core/diagnosis/finding';
import { ruleRow } from '../core/diagnosis/ruleRegistry';
import type { ReadOutcome } from './analyzeCommand';

export const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for CI systems and SARIF viewers: one result per finding, located
 * in the capture file; evidence frames go into the result's properties and
 * logical locations, since a capture has no lines.
 */
export function toSarif(file: string, findings: Finding[], readError?: ReadOutcome): object {
  // The rules as the registry declares them: its title, and its default severity (a finding may differ).
  const rules = [...new Map(findings.map((f) => [f.rule, f])).values()].map((f) => ({
    id: f.rule,
    shortDescription: { text: ruleRow(f.rule).title },
    helpUri: f.references[0],
    defaultConfiguration: { level: LEVEL[ruleRow(f.rule).severity] },
  }));
  const uri = pathToFileURL(path.resolve(file)).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'PCAP Inspector', informationUri: 'https://github.com/pcap-inspector/pcap-inspector', version: '0.1.0', rules } },
        artifacts: [{ location: { uri }, mimeType: 'application/vnd.tcpdump.pcap' }],
        // A capture that could not be read (wholly or in part) is a failed run, not an empty result list.
        invocations: [
          {
            executionSuccessful: !readError,
            ...(readError
              ? {
                  toolExecutionNotifications: [
                    {
                      level: 'error',
                      message: { text: `${file} could not be read past byte offset ${readError.offset}: ${readError.message}` },
                      locations: [{ physicalLocation: { artifactLocation: { uri, index: 0 } } }],
                    },
                  ],
                }
              : {}),
          },
        ],
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: rules.findIndex((r) => r.id === f.rule),
          level: LEVEL[f.severity],
          message: { text: `${f.title}\n\n${f.explanation}` },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri, index: 0 } },
              logicalLocations: f.packets.slice(0, 10).map((p) => ({ name: `frame ${p}`, kind: 'element' })),
            },
          ],
          // SARIF "fixes" must edit artifacts; ours change hosts (sysctl, commands), so they travel as properties.
          properties: { streams: f.streams, frames: f.packets, count: f.count, confidence: f.confidence, server: f.server, client: f.client, fixes: f.fixes },
        })),
      },
    ],
  };
}
