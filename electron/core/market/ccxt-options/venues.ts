/**
 * What differs between the option venues reached through ccxt's unified API (OKX, Bybit, Binance); everything else
 * (listing, normalization, streaming, reconnects, rate limits) is the one adapter's (adapter.ts).
 *   - which ccxt class, loading only its option markets;
 *   - its endpoints on another host (a local venue in tests);
 *   - its chain snapshot: where the quotes and the IVs come from and in what units.
 * Each venue's chain rows keep the venue's sizes (contracts); the adapter turns them into the
 * desk's amounts with the market's contract size.
 */
import { pro, type Exchange } from 'ccxt';
import { feedClient } from '../ccxt-feed-client';
import type { ChainRow } from '../venue';
import type { OptionVenueId } from '../venue-names';

export type FeedExchange = InstanceType<ReturnType<typeof feedClient<new (config?: object) => Exchange>>>;

/** One option's quote as a venue states it: the chain row's prices and IVs (fractions), sizes in the venue's contracts. */
export type VenueQuote = Omit<ChainRow, 'instrument' | 'bidAmount' | 'askAmount'> & { symbol: string; bidSize?: number; askSize?: number };

export interface OptionsVenue {
  id: OptionVenueId;
  /** The venue's ccxt.pro client with the link's needs, configured to load option markets only (`options` joins the venue's). */
  create(config: { options: Record<string, unknown> } & Record<string, unknown>): FeedExchange;
  /** ccxt `urls` that point every endpoint the adapter uses at another server. */
  urlsAt(origin: URL): Record<string, unknown>;
  /** The coin's option chain now. */
  chain(exchange: FeedExchange, base: string): Promise<VenueQuote[]>;
}

type Fields = Record<string, unknown>;

/** A venue's numeric string ('' or absent: none); a price, size or IV of 0 is none too (no quote). */
function quoted(fields: Fields, key: string): number | undefined {
  const value = Number(fields[key]);
  return fields[key] === '' || fields[key] === undefined || fields[key] === null || !Number.isFinite(value) || value === 0 ? undefined : value;
}

/** A side's size and IV only where the side is quoted: a venue states an IV for an empty side too. */
function sided(quote: VenueQuote): VenueQuote {
  const bid = quote.bid === undefined ? { bidSize: undefined, bidIv: undefined } : {};
  const ask = quote.ask === undefined ? { askSize: undefined, askIv: undefined } : {};
  return { ...quote, ...bid, ...ask };
}

function wsOrigin(url: URL): string {
  return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
}

const OkxClient = feedClient(pro.okx);

/**
 * OKX (www.okx.com/docs-v5): BTC-USD and ETH-USD options, coin-settled (inverse, priced in the
 * coin, a contract is ctVal = 0.01 BTC or 0.1 ETH). Quotes from GET /api/v5/market/tickers
 * (instType OPTION, bidPx/bidSz/askPx/askSz, ts), IVs from GET /api/v5/public/opt-summary
 * (bidVol/askVol/markVol as fractions, fwdPx the expiry's forward), marks from GET
 * /api/v5/public/mark-price (markPx, in coin): ccxt's fetchOptionChain, fetchAllGreeks and
 * fetchMarkPrices. Books over the public websocket's `books` channel (seqId/prevSeqId checked by ccxt).
 */
export const okx: OptionsVenue = {
  id: 'okx',
  create: (config) => new OkxClient({ ...config, options: { ...config.options, fetchMarkets: { types: ['option'] }, defaultUnderlying: ['BTC-USD', 'ETH-USD'] } }),
  urlsAt: (url) => ({ api: { rest: url.origin, ws: `${wsOrigin(url)}/ws/v5` } }),
  async chain(exchange, base) {
    const uly = `${base}-USD`;
    const [tickers, greeks, marks] = await Promise.all([
      exchange.fetchOptionChain(base),
      exchange.fetchAllGreeks(undefined, { uly }),
      exchange.fetchMarkPrices(undefined, { type: 'option', uly }),
    ]);
    const quotes: VenueQuote[] = [];
    for (const [symbol, option] of Object.entries(tickers)) {
      const ticker = option.info as Fields;
      const summary = (greeks[symbol]?.info ?? {}) as Fields;
      const mark = (marks[symbol]?.info ?? {}) as Fields;
      quotes.push(
        sided({
          symbol,
          time: Number(ticker.ts),
          bid: quoted(ticker, 'bidPx'),
          bidSize: quoted(ticker, 'bidSz'),
          ask: quoted(ticker, 'askPx'),
          askSize: quoted(ticker, 'askSz'),
          bidIv: quoted(summary, 'bidVol'),
          askIv: quoted(summary, 'askVol'),
          markPrice: quoted(mark, 'markPx'),
          markIv: quoted(summary, 'markVol'),
          underlyingPrice: quoted(summary, 'fwdPx'),
        }),
      );
    }
    return quotes;
  },
};

const BybitClient = feedClient(pro.bybit);

/** The answer of GET /v5/market/tickers as ccxt's implicit method gives it (parsed JSON). */
interface BybitRest {
  publicGetV5MarketTickers(params: object): Promise<{ result: { list: Fields[] }; time: number }>;
}

/**
 * Bybit (bybit-exchange.github.io/docs/v5): options on BTC, ETH and SOL settled in USDC (linear,
 * priced in USDC, a contract is 1 coin), and newer ones settled in USDT (named BTC_USDT-... by
 * the desk, a chain of their own). Listing from GET /v5/market/instruments-info
 * (category option, every page), quotes and IVs in one answer from GET /v5/market/tickers
 * (bid1Price/bid1Size/bid1Iv, ask..., markPrice/markIv, underlyingPrice, indexPrice; IVs as
 * fractions): ccxt's fetchOptionChain. Books over the public option websocket's orderbook.25 topic.
 */
export const bybit: OptionsVenue = {
  id: 'bybit',
  create: (config) =>
    new BybitClient({ ...config, options: { ...config.options, fetchMarkets: { types: ['option'], options: ['BTC', 'ETH', 'SOL'], loadAllOptions: true } } }),
  urlsAt: (url) => ({
    api: { public: url.origin, spot: url.origin, futures: url.origin, v2: url.origin, ws: { public: { option: `${wsOrigin(url)}/v5/public/option` } } },
  }),
  async chain(exchange, base) {
    // ccxt's fetchOptionChain reads this endpoint but drops the answer's time, and Bybit's tickers
    // carry none of their own: the implicit method keeps it.
    const tickers = (exchange as unknown as BybitRest).publicGetV5MarketTickers({ category: 'option', baseCoin: base });
    const { result, time } = await tickers;
    return result.list.map((ticker) => {
      const symbol = exchange.safeMarket(String(ticker.symbol), undefined, undefined, 'option').symbol!;
      return sided({
        symbol,
        time,
        bid: quoted(ticker, 'bid1Price'),
        bidSize: quoted(ticker, 'bid1Size'),
        ask: quoted(ticker, 'ask1Price'),
        askSize: quoted(ticker, 'ask1Size'),
        bidIv: quoted(ticker, 'bid1Iv'),
        askIv: quoted(ticker, 'ask1Iv'),
        markPrice: quoted(ticker, 'markPrice'),
        markIv: quoted(ticker, 'markIv'),
        underlyingPrice: quoted(ticker, 'underlyingPrice'),
        indexPrice: quoted(ticker, 'indexPrice'),
      });
    });
  },
};

const BinanceClient = feedClient(pro.binance);

/** Binance's index answer (GET /eapi/v1/index) as ccxt's implicit method gives it; ccxt has no unified call for it. */
interface BinanceRest {
  eapiPublicGetIndex(params: { underlying: string }): Promise<{ time: number | string; indexPrice: string }>;
}

/**
 * Binance (developers.binance.com, options eapi): BTC, ETH and other coins' options, all settled
 * in USDT (linear, priced in USDT, a contract is `unit` = 1 coin), expiring at 08:00 UTC. Listing
 * from GET /eapi/v1/exchangeInfo (optionSymbols); ccxt has no fetchOptionChain for Binance, so the
 * chain is three answers: quotes from GET /eapi/v1/ticker (bidPrice/askPrice, no sizes: sizes
 * come with the books), IVs and marks from GET /eapi/v1/mark (bidIV/askIV/markIV as fractions,
 * markPrice in USDT), and the index from GET /eapi/v1/index (indexPrice and the answer's time;
 * Binance states no forward per expiry: the surface takes it from parity). ccxt's fetchTickers,
 * fetchAllGreeks and the implicit index method. Books stream over the options websocket's
 * diff-depth stream (<symbol>@depth@100ms) through ccxt, which snapshots each book over REST
 * (GET /eapi/v1/depth) and checks the update ids (U/u/pu) of every delta against it.
 */
export const binance: OptionsVenue = {
  id: 'binance',
  create: (config) => new BinanceClient({ ...config, options: { ...config.options, fetchMarkets: { types: ['option'] } } }),
  urlsAt: (url) => ({
    api: { eapiPublic: `${url.origin}/eapi/v1`, ws: { option: `${wsOrigin(url)}/public/ws`, optionMarket: `${wsOrigin(url)}/market/ws` } },
  }),
  async chain(exchange, base) {
    const [tickers, greeks, index] = await Promise.all([
      exchange.fetchTickers(undefined, { type: 'option' }),
      exchange.fetchAllGreeks(),
      (exchange as unknown as BinanceRest).eapiPublicGetIndex({ underlying: `${base}USDT` }),
    ]);
    const time = Number(index.time);
    const indexPrice = quoted(index, 'indexPrice');
    const quotes: VenueQuote[] = [];
    for (const [symbol, ticker] of Object.entries(tickers)) {
      if (exchange.markets?.[symbol]?.base !== base) continue;
      const quote = ticker.info as Fields;
      const mark = (greeks[symbol]?.info ?? {}) as Fields;
      quotes.push(
        sided({
          symbol,
          time,
          bid: quoted(quote, 'bidPrice'),
          ask: quoted(quote, 'askPrice'),
          bidIv: quoted(mark, 'bidIV'),
          askIv: quoted(mark, 'askIV'),
          markPrice: quoted(mark, 'markPrice'),
          markIv: quoted(mark, 'markIV'),
          indexPrice,
        }),
      );
    }
    return quotes;
  },
};

export const OPTION_VENUES: Readonly<Record<OptionVenueId, OptionsVenue>> = { okx, bybit, binance };
