import type { JsonSchemaProperty, ToolArgs, ToolInputSchema } from './toolDefinition';
import { ToolError } from './toolDefinition';

/**
 * Checks a call's arguments against the tool's own schema (the one clients were shown), so a model's
 * mistake comes back as a sentence naming the argument, and defaults are filled in.
 */
export function validateArgs(toolName: string, schema: ToolInputSchema, raw: unknown): ToolArgs & { path: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ToolError(`${toolName} takes an object of arguments.`);
  const input = raw as Record<string, unknown>;
  const out: ToolArgs = {};
  for (const key of Object.keys(input))
    if (!(key in schema.properties)) throw new ToolError(`${toolName} has no argument "${key}"; it takes ${Object.keys(schema.properties).join(', ')}.`);
  for (const [key, prop] of Object.entries(schema.properties)) {
    const v = input[key];
    if (v === undefined || v === null) {
      if (schema.required.includes(key)) throw new ToolError(`${toolName} needs the argument "${key}": ${prop.description}`);
      if (prop.default !== undefined) out[key] = prop.default;
      continue;
    }
    out[key] = checkValue(key, prop, v);
  }
  return out as ToolArgs & { path: string };
}

function checkValue(key: string, prop: JsonSchemaProperty, v: unknown): string | number {
  if (prop.type === 'string') {
    if (typeof v !== 'string') throw new ToolError(`"${key}" must be a string.`);
    if (prop.enum && !prop.enum.includes(v)) throw new ToolError(`"${key}" must be one of ${prop.enum.join(', ')}; got "${v}".`);
    return v;
  }
  // Models sometimes send numbers as strings: accept "12", refuse "12.5" and "twelve".
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ToolError(`"${key}" must be an integer; got ${JSON.stringify(v)}.`);
  if (prop.minimum !== undefined && n < prop.minimum) throw new ToolError(`"${key}" must be at least ${prop.minimum}; got ${n}.`);
  if (prop.maximum !== undefined && n > prop.maximum) throw new ToolError(`"${key}" must be at most ${prop.maximum}; got ${n}.`);
  return n;
}
