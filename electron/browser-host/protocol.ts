/**
 * The browser bridge's wire format: the contract's invoke and event channels over one WebSocket.
 *   renderer -> host   {"id": 7, "channel": "fills.add", "payload": {...}}
 *   host -> renderer   {"id": 7, "outcome": {"ok": true, "value": ...}}   (the answer to call 7)
 *   host -> renderer   {"event": "fills.added", "payload": {...}}          (a push)
 */
import { z } from 'zod';
import { MAX_IMPORT_CSV_CHARS } from '../../shared/contract/channels';

export const CallFrame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type CallFrame = z.infer<typeof CallFrame>;

/**
 * Frames larger than this are refused before parsing: the largest call is a fill file
 * (fills.import, at most MAX_IMPORT_CSV_CHARS), which JSON escaping can at most double.
 */
export const MAX_FRAME_BYTES = 2 * MAX_IMPORT_CSV_CHARS + (64 << 10);
