import type { Capture } from '../core/capture/openCapture';
import { connLog } from '../core/zeek/connLog';
import { connLogJson, connLogTsv } from '../core/zeek/connLogText';
import type { Output } from './output';

/** `conn-log FILE [--json]`: Zeek's conn.log for the capture, TSV with Zeek's header or JSON lines. */
export function connLogCommand(capture: Capture, json: boolean, out: Output): void {
  const records = connLog(capture);
  for (const line of json ? connLogJson(records) : connLogTsv(records)) out.line(line);
}
