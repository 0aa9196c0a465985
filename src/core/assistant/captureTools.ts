import type { AllowedRoots } from './allowedRoots';
import type { CaptureCache } from './captureCache';
import { findingsTool } from './findingsTool';
import { flowsTool } from './flowsTool';
import { followTool } from './followTool';
import { packetDetailTool } from './packetDetailTool';
import { packetsTool } from './packetsTool';
import { compareTool } from './compareTool';
import { summaryTool } from './summaryTool';
import { validateArgs } from './toolArgs';
import type { CaptureTool, ToolArgs, ToolContext } from './toolDefinition';
import { ToolCancelled, ToolError } from './toolDefinition';

/** Every capture tool, in the order clients list them. All are read-only. */
export const CAPTURE_TOOLS: readonly CaptureTool[] = [summaryTool, findingsTool, packetsTool, packetDetailTool, followTool, flowsTool, compareTool];

export function captureTool(name: string): CaptureTool | undefined {
  return CAPTURE_TOOLS.find((t) => t.name === name);
}

/** Where tools may read and what they keep open: one per MCP server process or VS Code window. */
export interface ToolEnvironment {
  roots: AllowedRoots;
  cache: CaptureCache;
}

/** A call checked and its capture file resolved, before anything is opened (VS Code's confirmation shows it). */
export interface PreparedCall {
  tool: CaptureTool;
  args: ToolArgs;
  /** The real path inside the allowed roots. */
  file: string;
}

/** Validates the arguments and resolves `path` inside the roots; throws ToolError saying what is wrong. */
export function prepareCall(env: ToolEnvironment, name: string, raw: unknown): PreparedCall {
  const tool = captureTool(name);
  if (!tool) throw new ToolError(`There is no tool ${name}; the tools are ${CAPTURE_TOOLS.map((t) => t.name).join(', ')}.`);
  const args = validateArgs(tool.name, tool.inputSchema, raw);
  return { tool, args, file: env.roots.resolve(args.path) };
}

/** Runs a prepared call over the (cached) capture: the text result for the model. */
export async function runCall(env: ToolEnvironment, call: PreparedCall, ctx: ToolContext): Promise<string> {
  if (ctx.isCancelled()) throw new ToolCancelled();
  const capture = await env.cache.get(call.file);
  if (ctx.isCancelled()) throw new ToolCancelled();
  const openCapture = async (file: string) => {
    const real = env.roots.resolve(file);
    return { file: real, capture: await env.cache.get(real) };
  };
  return call.tool.run(capture, call.args, { ...ctx, openCapture });
}
