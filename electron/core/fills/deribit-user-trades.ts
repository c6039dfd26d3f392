/**
 * The account's own trades from Deribit through ccxt's fetchMyTrades, with a read-only API key
 * (Deribit's trade:read scope is enough; no order is ever sent). ccxt calls
 * private/get_user_trades_by_currency_and_time when given `since`; ccxt hides Deribit's has_more,
 * so pages go on while a page comes back full, each from the last page's latest timestamp
 * (inclusive: trades sharing that millisecond come again and are recognised by trade id).
 * Rate-limit refusals (10028) and network failures are retried with backoff (rest-retry.ts).
 * The key is never logged and never in an error: a refusal says which secret to check, by name.
 */
import { AuthenticationError, BaseError, deribit as CcxtDeribit, type Trade } from 'ccxt';
import { DeskFailure } from '../api/dispatch';
import { withRestRetry, type RestRetryPolicy } from '../market/rest-retry';
import { deribitUrls } from '../market/venue-names';
import { VENUE_KEY_NAMES } from '../secrets/venue-keys';
import { FillBatch } from './fill-batch';

export const DERIBIT_KEY_NAMES = VENUE_KEY_NAMES.deribit;

export interface DeribitKeys {
  clientId: string;
  clientSecret: string;
}

export interface DeribitTradesRequest {
  keys: DeribitKeys;
  /**
   * Deribit's trade-history currencies: BTC and ETH for the inverse instruments, USDC for the
   * linear ones; by default those of DEFAULT_DERIBIT_CURRENCIES the venue lists.
   */
  currencies?: readonly string[];
  /** ms since the epoch, inclusive. */
  since: number;
  until: number;
  /** Another server's REST base (a local venue, testnet). */
  url?: string;
  /** Trades per request (Deribit's count, at most 1000). */
  pageSize?: number;
  retry?: RestRetryPolicy;
}

export const DEFAULT_DERIBIT_CURRENCIES = ['BTC', 'ETH', 'USDC'] as const;
const DEFAULT_RETRY: RestRetryPolicy = { attempts: 6, backoff: { baseMs: 500, maxMs: 8000 }, rateLimitedDelayMs: 1000 };

/** The venue refused the key or could not be reached: 'refused' over the contract, with the reason. */
export class VenueImportError extends DeskFailure {
  constructor(message: string) {
    super({ code: 'refused', message });
    this.name = 'VenueImportError';
  }
}

/** The trades between since and until as a fill batch (source 'deribit'), one candidate per trade id. */
export async function fetchDeribitTrades(request: DeribitTradesRequest): Promise<FillBatch> {
  const pageSize = request.pageSize ?? 1000;
  const exchange = new CcxtDeribit({
    apiKey: request.keys.clientId,
    secret: request.keys.clientSecret,
    enableRateLimit: true,
    ...(request.url === undefined ? {} : { urls: { api: deribitUrls(request.url) } }),
  });
  const batch = new FillBatch('deribit');
  const seen = new Set<string>();
  const call = <T>(fetch: () => Promise<T>) => withRestRetry(fetch, request.retry ?? DEFAULT_RETRY);
  try {
    await call(() => exchange.loadMarkets());
    const unlisted = (request.currencies ?? []).filter((code) => !(code in exchange.currencies));
    if (unlisted.length) throw new VenueImportError(`deribit lists no currency ${unlisted.join(', ')}`);
    for (const currency of request.currencies ?? DEFAULT_DERIBIT_CURRENCIES.filter((code) => code in exchange.currencies)) {
      exchange.options['fetchMyTrades'] = { code: currency };
      for (let since = request.since; ; ) {
        const page = await call(() => exchange.fetchMyTrades(undefined, since, pageSize, { end_timestamp: request.until, sorting: 'asc' }));
        const fresh = page.filter((trade) => trade.id !== undefined && !seen.has(trade.id));
        for (const trade of fresh) {
          seen.add(trade.id!);
          batch.add({ line: seen.size, order: seen.size, fill: tradeFill(trade) });
        }
        if (page.length < pageSize) break;
        if (fresh.length === 0) {
          throw new VenueImportError(`deribit: more than ${pageSize} ${currency} trades at ${new Date(since).toISOString()}: import with a larger page size`);
        }
        since = page[page.length - 1]!.timestamp!;
      }
    }
  } catch (error) {
    if (error instanceof AuthenticationError) {
      // ccxt's message carries the venue's reply, not the key; the desk's own words say what to check.
      throw new VenueImportError(
        `deribit refused the API key (${error.constructor.name}): check the secrets ${DERIBIT_KEY_NAMES.clientId} and ${DERIBIT_KEY_NAMES.clientSecret} (a read-only key with trade:read)`,
      );
    }
    // Still failing after the retries, or an answer ccxt could not use: the venue's words, not a stack.
    if (error instanceof BaseError) throw new VenueImportError(`deribit could not be read (${error.constructor.name}): ${error.message.slice(0, 300)}`);
    throw error;
  }
  return batch;
}

/** A ccxt trade as the contract's fill fields: Deribit's own instrument name, amount and price as the venue gives them. */
function tradeFill(trade: Trade): Record<string, unknown> {
  const info = trade.info as { instrument_name?: unknown };
  return {
    instrument: info.instrument_name,
    side: trade.side,
    size: trade.amount,
    price: trade.price,
    fee: trade.fee?.cost,
    time: trade.timestamp,
    venue: 'deribit',
    venueTradeId: trade.id,
  };
}
