/**
 * The blotter's book: every stored position marked on the chains as quoted now (options at theo on
 * the calibrated surface, futures and perpetuals at the forward), its P&L (risk/pnl.ts) and its
 * greeks (risk/book.ts, the same RiskBook the hedges read), grouped by underlying and expiry with
 * totals, plus the heat map's expiry x delta-bucket cells. A position that cannot be marked (its
 * coin has no chain, it expired) is listed with the reason and left out of the sums.
 */
import type { BookGreeks, BookGroup, BookPosition, BookView } from '../../../shared/contract/book';
import type { Position } from '../../../shared/contract/schemas';
import { compareInstruments, parseInstrument, priceCurrency, usdPerUnit } from '../../../shared/domain/instrument';
import { hedgeMarketOfChains } from '../hedge/chain-hedge';
import type { PremiumParams } from '../premium/params';
import type { ChainSnapshot } from '../surface/chain-files';
import { DELTA_BUCKETS, RiskBook, type Mark } from './book';
import { markPrice, positionPnl, usdPricesOn } from './pnl';

const VIEW_GREEKS = ['delta', 'netDelta', 'deltaUsd', 'gammaUsd', 'vega', 'theta', 'vanna', 'volga'] as const;
const zeroGreeks = (): BookGreeks => ({ delta: 0, netDelta: 0, deltaUsd: 0, gammaUsd: 0, vega: 0, theta: 0, vanna: 0, volga: 0 });

export function bookView(snapshots: readonly ChainSnapshot[], params: PremiumParams, positions: readonly Position[]): BookView {
  const chains = snapshots.length > 0 ? hedgeMarketOfChains(snapshots) : null;
  const open = positions
    .map((position) => ({ position, instrument: parseInstrument(position.instrument) }))
    .sort((a, b) => compareInstruments(a.instrument, b.instrument));
  const marks = open.map(({ instrument }) => (chains ? markOrReason(() => chains.markOf(instrument)) : 'no live market'));
  const marked = open.flatMap(({ instrument, position }, i) => (typeof marks[i] === 'string' || !params.underlyings.includes(instrument.base) ? [] : [{ i, instrument, position }]));
  const book = new RiskBook(params, marked.map(({ instrument }) => instrument));
  marked.forEach(({ i, position }, k) => {
    book.setSize(k, position.size);
    book.setMark(k, marks[i] as Mark);
  });
  book.rebuild();
  const greeksOf = new Map(marked.map(({ i }, k) => [i, book.positionGreeks(k)]));
  const usdPrice = chains ? usdPricesOn(chains.markOf, new Set(open.map(({ position }) => position.currency))) : {};

  const rows: BookPosition[] = open.map(({ position, instrument }, i) => {
    const mark = marks[i]!;
    const greeks = greeksOf.get(i);
    const price = typeof mark === 'string' ? null : markPrice(instrument, mark);
    const pnl = price === null ? null : positionPnl(position, price);
    return {
      instrument: position.instrument,
      underlying: instrument.base,
      expiry: instrument.kind === 'perpetual' ? null : instrument.expiry,
      strike: instrument.kind === 'option' ? instrument.strike : null,
      kind: instrument.kind === 'option' ? instrument.optionType : instrument.kind,
      currency: position.currency,
      priceCurrency: priceCurrency(instrument),
      size: position.size,
      avgPrice: position.avgPrice,
      mark: price,
      realized: position.realizedPnl,
      unrealized: pnl?.unrealized ?? null,
      fees: position.fees,
      greeks: greeks ? pick(greeks) : null,
      unmarked: typeof mark === 'string' ? mark : greeks ? null : `${instrument.base} is not among the desk's underlyings`,
    };
  });

  const groups = new Map<string, BookGroup>();
  for (const row of rows) {
    const key = `${row.underlying} ${row.expiry ?? 0}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { underlying: row.underlying, expiry: row.expiry, positions: [], greeks: zeroGreeks(), realizedUsd: 0, unrealizedUsd: 0 }));
    group.positions.push(row);
    if (row.greeks) for (const greek of VIEW_GREEKS) group.greeks[greek] += row.greeks[greek];
    const usd = usdPerUnit(row.currency, usdPrice);
    if (usd !== undefined) {
      group.realizedUsd += (row.realized - row.fees) * usd;
      if (row.unrealized !== null) group.unrealizedUsd += row.unrealized * usd;
    }
  }
  const all = [...groups.values()];
  const sum = (pickOne: (group: BookGroup) => number) => all.reduce((total, group) => total + pickOne(group), 0);
  return {
    asOf: chains?.asOf ?? null,
    groups: all,
    deltaBuckets: DELTA_BUCKETS,
    cells: book.report().byDeltaBucket.map(({ underlying, expiry, deltaBucket, deltaUsd, vega }) => ({ underlying, expiry, deltaBucket, deltaUsd, vega })),
    totals: {
      deltaUsd: sum((g) => g.greeks.deltaUsd),
      gammaUsd: sum((g) => g.greeks.gammaUsd),
      vega: sum((g) => g.greeks.vega),
      theta: sum((g) => g.greeks.theta),
      realizedUsd: sum((g) => g.realizedUsd),
      unrealizedUsd: sum((g) => g.unrealizedUsd),
    },
    message: chains ? null : 'no live market: positions are not marked',
  };
}

/** A mark, or why there is none. */
function markOrReason(mark: () => Mark): Mark | string {
  try {
    return mark();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function pick(greeks: Record<(typeof VIEW_GREEKS)[number], number>): BookGreeks {
  const view = zeroGreeks();
  for (const greek of VIEW_GREEKS) view[greek] = greeks[greek];
  return view;
}

