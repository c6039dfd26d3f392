/**
 * Backtest results for people outside the desk: a CSV with one row per run (its configuration
 * and every summary figure, nested ones as dotted columns, so runs compare side by side in a
 * spreadsheet) and a self-contained HTML report (no scripts, no network: tables and SVG charts of
 * the P&L paths and the inventory) that a risk manager can open, print or archive.
 */
import type { BacktestReport, BacktestRun } from '../../../shared/contract/backtest';
import { runLabel } from '../../../shared/domain/backtest-label';
import { horizonLabel } from '../../../shared/domain/markout';
import { lttbIndices } from '../history/lttb';
import { csvRow } from '../store/history-csv';
import type { BacktestStore, StoredResult } from '../store/backtest-store';
import { APP_VERSION } from '../version';
import { RunRequestError } from './runs';

export interface ReportedRun {
  run: BacktestRun;
  /** The stored result of a finished run; null for a cancelled or failed one. */
  result: StoredResult | null;
}

/** Nested numbers, strings and booleans as dotted columns ('stats.terminalDelta.p50'); markouts by horizon ('markouts.1m.mean'). */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    for (const row of value as { horizonMs: number }[]) flatten({ ...row, horizonMs: undefined }, `${prefix}.${horizonLabel(row.horizonMs)}`, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) into.set(prefix, value);
}

/** One row per run: id, times, state, the configuration and every summary figure (USD); a column a run lacks is empty. */
export function backtestCsv(runs: readonly ReportedRun[]): string {
  const rows = runs.map(({ run }) => {
    const fields = new Map<string, unknown>([
      ['id', run.id],
      ['started_utc', new Date(run.started).toISOString()],
      ['finished_utc', run.finished === null ? null : new Date(run.finished).toISOString()],
      ['state', run.state],
      ['error', run.error],
    ]);
    flatten(run.config, 'config', fields);
    flatten(run.summary, 'summary', fields);
    return fields;
  });
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  return csvRow(columns) + rows.map((row) => csvRow(columns.map((column) => csvValue(row.get(column))))).join('');
}

const csvValue = (value: unknown) => (typeof value === 'boolean' ? String(value) : value);

const COLORS = ['#1f6fd1', '#c77d00', '#1b8a4b', '#c62828', '#7b4fb3', '#00838f'];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
/** Whole USD; a minus only where the rounded figure is not zero. */
const usd = (value: number) => {
  const whole = Math.round(value);
  return `${whole < 0 ? '−' : ''}${Math.abs(whole).toLocaleString('en-US')}`;
};
const number = (value: number, digits = 2) => `${value < 0 ? '−' : ''}${Math.abs(value).toLocaleString('en-US', { maximumFractionDigits: digits })}`;

interface Line {
  label: string;
  color: string;
  t: readonly number[];
  v: readonly number[];
}

/** A line chart as inline SVG: each series downsampled to 600 points (LTTB keeps the spikes), min/max and time labels, a zero line. */
function lineChart(title: string, unit: string, lines: readonly Line[]): string {
  const [W, H, left, right, top, bottom] = [880, 240, 70, 12, 12, 28];
  const shown = lines
    .filter((line) => line.t.length > 1)
    .map((line) => {
      const keep = lttbIndices(line.t, line.v, 600);
      return { ...line, t: Array.from(keep, (i) => line.t[i]!), v: Array.from(keep, (i) => line.v[i]!) };
    });
  if (shown.length === 0) return '';
  const [t0, t1] = [Math.min(...shown.map((l) => l.t[0]!)), Math.max(...shown.map((l) => l.t.at(-1)!))];
  const values = shown.flatMap((l) => l.v);
  const [lo, hi] = [Math.min(0, ...values), Math.max(0, ...values)];
  const x = (t: number) => left + ((t - t0) / Math.max(t1 - t0, 1)) * (W - left - right);
  const y = (v: number) => top + (1 - (v - lo) / Math.max(hi - lo, 1e-12)) * (H - top - bottom);
  const time = (t: number) => new Date(t).toISOString().slice(11, 19);
  const paths = shown
    .map((l) => `<polyline fill="none" stroke="${l.color}" stroke-width="1.5" points="${l.t.map((t, i) => `${x(t).toFixed(1)},${y(l.v[i]!).toFixed(1)}`).join(' ')}"/>`)
    .join('');
  const legend = shown.map((l) => `<span class="key" style="border-color:${l.color}">${escape(l.label)}</span>`).join(' ');
  return `<figure><figcaption>${escape(title)} <span class="muted">(${escape(unit)})</span> ${legend}</figcaption>
<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(title)}">
<line x1="${left}" x2="${W - right}" y1="${y(0)}" y2="${y(0)}" stroke="#bbb" stroke-dasharray="3 3"/>
<text x="${left - 6}" y="${y(hi) + 4}" text-anchor="end">${number(hi, 0)}</text><text x="${left - 6}" y="${y(lo) + 4}" text-anchor="end">${number(lo, 0)}</text>
<text x="${left}" y="${H - 8}">${time(t0)}</text><text x="${W - right}" y="${H - 8}" text-anchor="end">${time(t1)} UTC</text>
${paths}</svg></figure>`;
}

/** A table with the runs as columns: one row per figure. */
function table(caption: string, runs: readonly ReportedRun[], rows: readonly [label: string, value: (r: ReportedRun) => string | null][]): string {
  const head = runs.map(({ run }, i) => `<th style="border-bottom:3px solid ${COLORS[i % COLORS.length]}">${escape(runLabel(run))}</th>`).join('');
  const body = rows
    .map(([label, value]) => `<tr><th class="left">${escape(label)}</th>${runs.map((r) => `<td>${value(r) ?? '—'}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><caption>${escape(caption)}</caption><thead><tr><th></th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const TERMS = ['base', 'inventory', 'adverse', 'liquidity', 'holding', 'tail', 'fee', 'clamp', 'rounding', 'theoVsMark'] as const;
const GREEKS = ['delta', 'gamma', 'vega', 'theta', 'residual'] as const;

/** The runs compared in one page: configuration, P&L and its attribution, comparison figures, markouts, and charts. */
export function backtestHtml(runs: readonly ReportedRun[], generated: number): string {
  const s = (r: ReportedRun) => r.run.summary;
  const money = (pick: (r: ReportedRun) => number | undefined) => (r: ReportedRun) => {
    const value = s(r) ? pick(r) : undefined;
    return value === undefined ? null : usd(value);
  };
  const config = table('Configuration', runs, [
    ['Market', (r) => escape(r.run.config.recording ? `recording ${r.run.config.recording}` : `simulator, seed ${r.run.config.seed}`)],
    ['Hours', (r) => String(r.run.config.hours)],
    ['Paths', (r) => String(r.run.config.paths)],
    ['Strategy', (r) => r.run.config.strategy],
    ['Risk aversion ×', (r) => String(r.run.config.riskAversionScale)],
    ['Fill model', (r) => r.run.config.fillModel],
    ['Latency (ms)', (r) => String(r.run.config.latencyMs)],
    ['Hedge', (r) => (r.run.config.hedge ? `band ${usd(r.run.config.hedgeBandUsd)} USD, delay ${r.run.config.hedgeDelayMs} ms` : 'none')],
    ['State', (r) => escape(r.run.state + (r.run.error ? `: ${r.run.error}` : ''))],
  ]);
  const pnl = table('P&L (USD; with several paths, means)', runs, [
    ['Total', money((r) => s(r)!.pnl)],
    ['Spread captured', money((r) => s(r)!.spread)],
    ['Inventory', money((r) => s(r)!.inventory)],
    ['Hedge', money((r) => s(r)!.hedge)],
    ['Hedge cost', money((r) => s(r)!.hedgeCost)],
    ['Fees', money((r) => s(r)!.fees)],
    ['Max drawdown', money((r) => s(r)!.maxDrawdown)],
    ['Fills', (r) => (s(r) ? number(s(r)!.fills, 1) : null)],
    ['Contracts', (r) => (s(r) ? number(s(r)!.contracts, 1) : null)],
  ]);
  const terms = table(
    'What each premium term earned at the fills (USD; sums to the spread)',
    runs,
    TERMS.map((term) => [term === 'theoVsMark' ? 'theo vs mark' : term, money((r) => s(r)!.terms?.[term])] as const),
  );
  const greeks = table(
    'Inventory P&L by greek (USD; sums to inventory)',
    runs,
    GREEKS.map((greek) => [greek, money((r) => s(r)!.greeks?.[greek])] as const),
  );
  const stats = table('Across paths', runs, [
    ['P&L mean', money((r) => s(r)!.stats?.pnlMean)],
    ['P&L std', money((r) => s(r)!.stats?.pnlStd)],
    ['Sharpe (annualised)', (r) => (s(r)?.stats ? number(s(r)!.stats!.sharpe) : null)],
    ['Worst drawdown', money((r) => s(r)!.stats?.maxDrawdownWorst)],
    ['Delta variance (USD²)', (r) => (s(r)?.stats ? number(s(r)!.stats!.deltaVariance, 0) : null)],
    ['Vega variance', (r) => (s(r)?.stats ? number(s(r)!.stats!.vegaVariance, 0) : null)],
    ['Terminal delta p5 / p50 / p95', (r) => (s(r)?.stats ? (['p5', 'p50', 'p95'] as const).map((q) => usd(s(r)!.stats!.terminalDelta[q])).join(' / ') : null)],
    ['Terminal vega p5 / p50 / p95', (r) => (s(r)?.stats ? (['p5', 'p50', 'p95'] as const).map((q) => usd(s(r)!.stats!.terminalVega[q])).join(' / ') : null)],
  ]);
  const horizons = [...new Set(runs.flatMap((r) => (s(r)?.markouts ?? []).map((m) => m.horizonMs)))].sort((a, b) => a - b);
  const markouts = table(
    "Markouts of the fills (mean USD per fill, the dealer's side)",
    runs,
    horizons.map((h) => [horizonLabel(h), money((r) => s(r)!.markouts?.find((m) => m.horizonMs === h)?.mean)] as const),
  );
  const colored = (i: number) => COLORS[i % COLORS.length]!;
  const pnlChart = lineChart(
    'P&L over time (first path)',
    'USD',
    runs.flatMap((r, i) => (r.result ? [{ label: runLabel(r.run), color: colored(i), t: r.result.t, v: r.result.pnl }] : [])),
  );
  const inventoryChart = (metric: 'delta' | 'vega', unit: string) =>
    lineChart(
      `Net ${metric} (first path, each minute)`,
      unit,
      runs.flatMap((r, i) => (r.result?.inventory ? [{ label: runLabel(r.run), color: colored(i), t: r.result.inventory.t, v: r.result.inventory[metric] }] : [])),
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backtest report ${runs.map((r) => `#${r.run.id}`).join(' ')}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body { font: 13px/1.45 'DejaVu Sans', system-ui, sans-serif; color: #1d232b; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { font-size: 18px; margin: 0 0 4px; } .muted { color: #6b7683; }
table { border-collapse: collapse; margin: 16px 0; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; margin-bottom: 4px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e3e7ec; text-align: right; white-space: nowrap; } th.left { text-align: left; font-weight: normal; color: #3b4450; }
thead th { font-weight: 600; font-size: 12px; white-space: normal; }
figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 11px 'DejaVu Sans Mono', monospace; fill: #6b7683; }
.key { font-weight: normal; font-size: 12px; border-left: 10px solid; padding-left: 4px; margin-left: 8px; }
</style></head><body>
<h1>Backtest report</h1>
<p class="muted">Generated ${new Date(generated).toISOString().replace('T', ' ').slice(0, 19)} UTC by the inventory-premium desk ${escape(APP_VERSION)}. P&amp;L in USD, marked to the market's fair values (a recording's marks).</p>
${config}
${pnl}
${terms}
${greeks}
${stats}
${horizons.length > 0 ? markouts : ''}
${pnlChart}
${inventoryChart('delta', 'USD')}
${inventoryChart('vega', 'USD per vol point')}
</body></html>
`;
}

/** Stored runs, in the order asked, as the CSV and the HTML report. */
export function backtestReport(store: BacktestStore, ids: readonly number[], now: number): BacktestReport {
  const runs = ids.map((id): ReportedRun => {
    const run = store.get(id);
    if (!run) throw new RunRequestError(`no backtest ${id}`);
    if (run.state === 'running') throw new RunRequestError(`backtest ${id} is still running`);
    return { run, result: run.state === 'done' ? store.result(id) : null };
  });
  return { fileStem: `backtests-${ids.join('-')}`, csv: backtestCsv(runs), html: backtestHtml(runs, now) };
}
