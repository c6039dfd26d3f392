/**
 * The one gate every bridge calls: the Electron ipcMain handlers and the browser host's
 * WebSocket both hand an untrusted (channel, payload) here. The channel must be in the contract,
 * the payload must parse against its schema, and whatever happens the caller gets an Outcome:
 * a renderer message can never crash the main process.
 */
import { z } from 'zod';
import { invokeChannels, type InvokeChannel, type ParsedRequestOf, type ResponseOf } from '../../../shared/contract/channels';
import type { DeskError, Outcome } from '../../../shared/contract/schemas';
import { BackupRejectedError } from '../store/backup';
import { SchemaTooNewError } from '../store/migrations';
import { storageMessage } from '../store/storage-error';
import { DuplicateFillError } from '../store/fill-store';
import { HedgeAnswerError } from '../store/hedge-store';
import { QuoteRequestError } from '../premium/quote-service';
import { SettingsError } from '../premium/settings';
import { RunRequestError } from '../backtest/runs';
import { ImportRejectedError } from '../store/history-import';

export type Handlers = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** A failure the user can act on, raised by a handler with its contract error code. */
export class DeskFailure extends Error {
  constructor(readonly error: DeskError) {
    super(error.message);
  }
}

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeChannels, channel);
}

export function invalidRequest(error: z.ZodError): DeskError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(payload)';
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([key, message]) => (key === '(payload)' ? message : `${key}: ${message}`))
    .join('; ');
  return { code: 'invalid_request', message: summary, fields };
}

function failure(error: unknown): DeskError {
  if (error instanceof DeskFailure) return error.error;
  if (error instanceof DuplicateFillError) return { code: 'duplicate', message: error.message };
  if (error instanceof ImportRejectedError) {
    // Every line's problem, keyed by its line, beside the message's summary of the first ones.
    const fields = Object.fromEntries(error.problems.map((problem) => [`${problem.table} line ${problem.line}`, problem.message]));
    return { code: 'invalid_request', message: error.message, fields };
  }
  if (error instanceof HedgeAnswerError) {
    return error.reason === 'answered'
      ? { code: 'duplicate', message: error.message }
      : { code: 'invalid_request', message: error.message, fields: { suggestionId: error.message } };
  }
  if (error instanceof RunRequestError) return { code: 'invalid_request', message: error.message, fields: { id: error.message } };
  if (error instanceof SettingsError) return { code: 'invalid_request', message: error.message, fields: { [error.field]: error.message } };
  if (error instanceof QuoteRequestError) return { code: 'invalid_request', message: error.message, fields: { [error.field]: error.message } };
  if (error instanceof SchemaTooNewError || error instanceof BackupRejectedError) return { code: 'storage', message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return { code: 'storage', message: storageMessage(code, (error as Error).message) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Outcome<unknown>> {
  if (!isInvokeChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `no such channel: ${String(channel).slice(0, 80)}` } };
  }
  const parsed = invokeChannels[channel].request.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error) };
  try {
    const handler = handlers[channel] as (request: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: failure(error) };
  }
}
