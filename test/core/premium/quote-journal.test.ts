/**
 * Published quotes in a real SQLite store: every stored breakdown sums to its stored price, each
 * quote names the parameter set it was priced with (readable back by id), and only changed quotes
 * are published again.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { premiumParams } from '../../../electron/core/premium/params';
import { QuoteEngine, TERMS } from '../../../electron/core/premium/quote-engine';
import { QuotePublisher } from '../../../electron/core/premium/quote-publisher';
import { openDatabase } from '../../../electron/core/store/database';
import { exportHistory } from '../../../electron/core/store/history-export';
import { importHistory } from '../../../electron/core/store/history-import';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { QuoteJournal } from '../../../electron/core/store/quote-journal';
import { useTempDirs } from '../../support/temp-dir';

const OPTIONS = ['BTC-27DEC26-70000-P', 'BTC-27DEC26-80000-C', 'ETH-27DEC26-3000-C'].map((name) => parseInstrument(name) as OptionInstrument);

function market(i: number, vol = 0.6) {
  return OPTIONS[i]!.base === 'BTC' ? { forward: 76_000, T: 0.1, vol } : { forward: 2_900, T: 0.1, vol };
}

const tempDir = useTempDirs();

describe('quote journal', () => {
  it('with an interval, journals a moved price at most that often, a suppression and the book after a fill at once', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const params = new PremiumParamsStore(db).current(1_000);
    const engine = new QuoteEngine(params.params, OPTIONS);
    OPTIONS.forEach((_, i) => engine.setMarket(i, market(i)));
    engine.requote();
    const publisher = new QuotePublisher(engine, new QuoteJournal(db), 60_000);
    expect(publisher.publish(1_000, params.id)).toHaveLength(OPTIONS.length * 4); // the first publication is whole

    const reprice = (vol: number) => {
      engine.setMarket(1, market(1, vol));
      engine.requote();
    };
    reprice(0.7);
    expect(publisher.publish(2_000, params.id)).toHaveLength(0); // moved, but journaled a second ago
    reprice(0.72);
    const due = publisher.publish(61_000, params.id);
    expect(due.length).toBeGreaterThan(0); // a minute on: the latest price
    expect(due.every((q) => q.view.instrument === OPTIONS[1]!.name && q.view.vol === 0.72)).toBe(true);

    engine.halt(0, 'stale: venue-down');
    engine.requote();
    expect(publisher.publish(62_000, params.id).map((q) => q.view.limits.bid)).toEqual(new Array(4).fill('stale: venue-down')); // at once

    engine.addFill(2, 10);
    publisher.journalAll();
    engine.requote();
    const afterFill = publisher.publish(63_000, params.id);
    expect(new Set(afterFill.map((q) => q.view.instrument))).toContain(OPTIONS[2]!.name); // the book moved: journaled at once
    db.close();
  });

  it('stores each published quote with its breakdown and parameter set, and republishes only what changed', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const db = openDatabase(file);
    const paramsStore = new PremiumParamsStore(db);
    const first = paramsStore.current(1_000);
    expect(first.source).toBe('default');
    const engine = new QuoteEngine(first.params, OPTIONS);
    OPTIONS.forEach((_, i) => engine.setMarket(i, market(i)));
    engine.requote();
    const publisher = new QuotePublisher(engine, new QuoteJournal(db));
    expect(publisher.publish(1_000, first.id)).toHaveLength(OPTIONS.length * 4);
    expect(publisher.publish(2_000, first.id)).toHaveLength(0); // nothing moved

    engine.setMarket(1, market(1, 0.7));
    engine.requote();
    const moved = publisher.publish(3_000, first.id);
    expect(moved.length).toBeGreaterThan(0);
    expect(new Set(moved.map((q) => q.view.instrument))).toEqual(new Set([OPTIONS[1]!.name]));
    db.close();

    // Reopen the file: history reads back exactly, and each breakdown sums to its price.
    const reopened = openDatabase(file);
    const journal = new QuoteJournal(reopened);
    expect(journal.count()).toBe(OPTIONS.length * 4 + moved.length);
    const history = journal.history(OPTIONS[1]!.name);
    expect(history.map((q) => q.time)).toEqual([1_000, 1_000, 1_000, 1_000, ...moved.map(() => 3_000)]);
    for (const quote of OPTIONS.flatMap((o) => journal.history(o.name))) {
      const bid = TERMS.reduce((price, term) => price - quote.premium[term].bid, quote.theo);
      const ask = TERMS.reduce((price, term) => price + quote.premium[term].ask, quote.theo);
      expect(bid).toBeCloseTo(quote.bid!, 12);
      expect(ask).toBeCloseTo(quote.ask!, 12);
      expect(new PremiumParamsStore(reopened).get(quote.paramsId)!.params).toEqual(first.params);
    }
    reopened.close();
  });

  it('versions parameter sets: a new set gets a new id and becomes current, the old one stays readable', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const store = new PremiumParamsStore(db);
    const base = store.current(1);
    const calibrated = store.save(premiumParams({ riskAversion: 3e-5 }), 2, 'calibrated', 'A, k from 1,200 prints');
    expect(calibrated.id).toBeGreaterThan(base.id);
    expect(store.current(3).params.riskAversion).toBe(3e-5);
    expect(store.get(base.id)!.params.riskAversion).toBe(premiumParams({}).riskAversion);
    expect(() => store.save({ ...base.params, riskAversion: -1 }, 4, 'file')).toThrow(/riskAversion/);
    expect(store.current(5).id).toBe(calibrated.id); // the refused set was not stored
    db.close();
  });

  it('survives the history export and import: every breakdown comes back bit for bit', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const params = new PremiumParamsStore(db).current(1_000);
    const engine = new QuoteEngine(params.params, OPTIONS);
    OPTIONS.forEach((_, i) => engine.setMarket(i, market(i)));
    engine.requote();
    new QuotePublisher(engine, new QuoteJournal(db)).publish(1_000, params.id);
    const dir = tempDir();
    exportHistory(db, dir, 2_000);
    const copy = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    expect(importHistory(copy, dir)).toMatchObject({ premium_params: 1, quotes: OPTIONS.length * 4 });
    for (const option of OPTIONS) expect(new QuoteJournal(copy).history(option.name)).toEqual(new QuoteJournal(db).history(option.name));
    db.close();
    copy.close();
  });
});
