/**
 * One account on the local Deribit: its API key (client id and secret), the access tokens
 * public/auth hands out for them, and the account's own trades for private/get_user_trades_*.
 * Private requests are refused without credentials (13009 unauthorized) and with wrong ones
 * (13004 invalid_credentials), as Deribit does. Two ways in, as docs.deribit.com "Authentication"
 * describes: a bearer token from public/auth with grant_type client_credentials, or a request
 * signed with the secret, the header
 *   Authorization: deri-hmac-sha256 id=ClientId,ts=Timestamp,sig=Signature,nonce=Nonce
 * with Signature = hex HMAC-SHA256(secret, Timestamp\nNonce\nMETHOD\nURI\nBODY\n) (what ccxt sends
 * over REST). Simplification: the signature's timestamp is not checked for freshness.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

export interface VenueAccountKeys {
  clientId: string;
  clientSecret: string;
}

/** A trade of the account in Deribit's private shape (get_user_trades_*). */
export interface UserTrade {
  trade_id: string;
  trade_seq: number;
  timestamp: number;
  instrument_name: string;
  direction: 'buy' | 'sell';
  price: number;
  amount: number;
  fee: number;
  fee_currency: string;
  order_id: string;
  order_type: 'limit' | 'market';
  liquidity: 'M' | 'T';
  state: 'filled';
  index_price: number;
  mark_price: number;
  tick_direction: number;
  self_trade: false;
  reduce_only: false;
  post_only: false;
  matching_id: null;
}

export class AuthError extends Error {
  constructor(
    readonly code: 13004 | 13009,
    message: 'invalid_credentials' | 'unauthorized',
  ) {
    super(message);
  }
}

export const AuthParams = z.object({ grant_type: z.literal('client_credentials'), client_id: z.string(), client_secret: z.string() });
export const TradesParams = z.object({
  currency: z.string(),
  start_timestamp: z.coerce.number().int().optional(),
  end_timestamp: z.coerce.number().int().optional(),
  count: z.coerce.number().int().min(1).max(1000).default(10),
  sorting: z.enum(['asc', 'desc', 'default']).default('default'),
});
export type TradesQuery = z.infer<typeof TradesParams>;

const SIGNED = /^deri-hmac-sha256 id=([^,]*),ts=(\d+),sig=([0-9a-f]+),nonce=([^,]*)$/;

/** The settlement currency whose trade history lists an instrument: USDC for the linear ones. */
export function tradeCurrency(instrument: string): string {
  return instrument.includes('_USDC') ? 'USDC' : instrument.split('-')[0]!;
}

export class VenueAccount {
  readonly trades: UserTrade[] = [];
  private readonly tokens = new Set<string>();
  private nextTradeId = 1;

  constructor(private readonly keys: VenueAccountKeys) {}

  /** public/auth, client_credentials: a token for the key, or 13004. */
  authenticate(params: z.infer<typeof AuthParams>): object {
    if (params.client_id !== this.keys.clientId || !sameText(params.client_secret, this.keys.clientSecret)) throw new AuthError(13004, 'invalid_credentials');
    const token = crypto.randomBytes(16).toString('hex');
    this.tokens.add(token);
    return { access_token: token, expires_in: 900, refresh_token: crypto.randomBytes(16).toString('hex'), scope: 'connection mainaccount trade:read', token_type: 'bearer' };
  }

  /** Check a private request's Authorization header; `uri` is the path with its query as sent. */
  authorize(header: string | undefined, method: string, uri: string, body = ''): void {
    if (!header) throw new AuthError(13009, 'unauthorized');
    if (header.startsWith('Bearer ')) {
      if (!this.tokens.has(header.slice('Bearer '.length))) throw new AuthError(13009, 'unauthorized');
      return;
    }
    const signed = SIGNED.exec(header);
    if (!signed) throw new AuthError(13009, 'unauthorized');
    const [, id, ts, sig, nonce] = signed;
    const expected = crypto.createHmac('sha256', this.keys.clientSecret).update(`${ts}\n${nonce}\n${method}\n${uri}\n${body}\n`).digest('hex');
    if (id !== this.keys.clientId || !sameText(sig!, expected)) throw new AuthError(13004, 'invalid_credentials');
  }

  /** Add a trade of the account; the venue gives it an id and sequence unless the test does. */
  addTrade(trade: Pick<UserTrade, 'instrument_name' | 'direction' | 'price' | 'amount' | 'timestamp'> & Partial<UserTrade>): UserTrade {
    const id = this.nextTradeId++;
    const full: UserTrade = {
      trade_id: String(100_000 + id),
      trade_seq: id,
      fee: 0,
      fee_currency: tradeCurrency(trade.instrument_name),
      order_id: `ORD-${id}`,
      order_type: 'limit',
      liquidity: 'T',
      state: 'filled',
      index_price: 0,
      mark_price: trade.price,
      tick_direction: 0,
      self_trade: false,
      reduce_only: false,
      post_only: false,
      matching_id: null,
      ...trade,
    };
    this.trades.push(full);
    return full;
  }

  /**
   * get_user_trades_by_currency(_and_time): the currency's trades within the time bounds, oldest
   * first for 'asc' and newest first otherwise (Deribit's default), at most `count`, and whether more remain.
   */
  query({ currency, start_timestamp: start, end_timestamp: end, count, sorting }: TradesQuery): { trades: UserTrade[]; has_more: boolean } {
    const matching = this.trades
      .filter((t) => tradeCurrency(t.instrument_name) === currency && (start === undefined || t.timestamp >= start) && (end === undefined || t.timestamp <= end))
      .sort((a, b) => (sorting === 'asc' ? a.timestamp - b.timestamp || a.trade_seq - b.trade_seq : b.timestamp - a.timestamp || b.trade_seq - a.trade_seq));
    return { trades: matching.slice(0, count), has_more: matching.length > count };
  }
}

/** Compare secrets in constant time. */
function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
