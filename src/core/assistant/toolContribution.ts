import type { CaptureTool, ToolInputSchema } from './toolDefinition';

/** A tool's entry in package.json's contributes.languageModelTools (VS Code reads it before activation). */
export interface LanguageModelToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  tags: string[];
  inputSchema: ToolInputSchema;
}

/** The entry package.json must hold for `tool`: a unit test compares the two so they cannot drift. */
export function languageModelToolContribution(tool: CaptureTool): LanguageModelToolContribution {
  return {
    name: tool.name,
    displayName: tool.displayName,
    // #pcapSummary in the chat input.
    toolReferenceName: tool.name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    canBeReferencedInPrompt: true,
    userDescription: tool.description.slice(0, tool.description.indexOf('. ') + 1),
    modelDescription: tool.description,
    tags: ['pcap', 'network', 'capture'],
    inputSchema: tool.inputSchema,
  };
}
