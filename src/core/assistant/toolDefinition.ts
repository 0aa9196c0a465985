import type { Capture } from '../capture/openCapture';

/** The subset of JSON Schema the tools' inputs use: what MCP's tools/list and package.json carry. */
export interface JsonSchemaProperty {
  type: 'string' | 'integer';
  description: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  default?: string | number;
}

export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  required: string[];
  additionalProperties: false;
}

/** What the caller (the MCP server, VS Code) lends a tool while it runs. */
export interface ToolContext {
  /** How a 1-based frame number is written: plain, or a link back into the capture editor where the client can follow one. */
  frame(n: number): string;
  /** True once the caller gave up (VS Code's cancellation token, an MCP cancellation notification). */
  isCancelled(): boolean;
}

/** What a tool gets while it runs: the caller's context, and a way to open a second capture (pcap_compare's `other`). */
export interface ToolRunContext extends ToolContext {
  /** Opens a capture inside the allowed folders, as `path` is (ToolError when it may not be read). */
  openCapture(file: string): Promise<{ file: string; capture: Capture }>;
}

/** Arguments after validation against the tool's schema (path already resolved, so not among them). */
export type ToolArgs = Record<string, string | number | undefined>;

/**
 * One capture tool, defined once and served by both the MCP server and VS Code's language-model tools:
 * its name, the description a model reads to decide when to call it, its input schema, and the handler.
 */
export interface CaptureTool {
  name: string;
  /** Short title for people (VS Code's tool picker). */
  displayName: string;
  /** Written for a model: what it returns, when to use it, how to ask for more. */
  description: string;
  inputSchema: ToolInputSchema;
  /** One line for VS Code's "running…" message. */
  invocationMessage(args: ToolArgs, file: string): string;
  run(capture: Capture, args: ToolArgs, ctx: ToolRunContext): Promise<string>;
}

/** A failure the model should read and can act on (bad argument, file not allowed, frame out of range). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** The caller cancelled the call. */
export class ToolCancelled extends Error {
  constructor() {
    super('The call was cancelled.');
    this.name = 'ToolCancelled';
  }
}

/** Every tool takes the capture as `path`. */
export const PATH_PROPERTY: JsonSchemaProperty = {
  type: 'string',
  description:
    'The capture file (pcap or pcapng, optionally gzip-compressed): an absolute path, or one relative to the first allowed folder (in VS Code, the first workspace folder). Only files inside the allowed folders can be read.',
};

export function pagingProperties(what: string, defaultLimit: number, maxLimit: number): Record<string, JsonSchemaProperty> {
  return {
    offset: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: `How many ${what} to skip (for the next page, pass the "next offset" the previous result gave).`,
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: maxLimit,
      default: defaultLimit,
      description: `How many ${what} to return at most (default ${defaultLimit}, at most ${maxLimit}).`,
    },
  };
}
