/** A time flag's value: ms since the epoch, or an ISO 8601 date-time. */
import { UsageError } from './command';

export function parseTimeFlag(flag: string, text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} ${text}: not a time (ms since epoch or ISO 8601)`);
  return ms;
}
