/**
 * The browser bridge's wire format: the contract's invoke and event channels over one WebSocket.
 *   renderer -> host   {"id": 7, "channel": "fills.add", "payload": {...}}
 *   host -> renderer   {"id": 7, "outcome": {"ok": true, "value": ...}}   (the answer to call 7)
 *   host -> renderer   {"event": "fills.added", "payload": {...}}          (a push)
 */
import { z } from 'zod';

export const CallFrame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type CallFrame = z.infer<typeof CallFrame>;

/** Frames larger than this are refused before parsing. */
export const MAX_FRAME_BYTES = 1 << 20;
