/**
 * A recorded Deribit option chain (the CSV fixtures: one `public/ticker` result per row, with
 * `bids`/`asks` and the `stats`/`greeks` objects written as Python literals) read back into the
 * venue's own field names, so the local venue serves exactly what Deribit sent that day.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

const num = z.coerce.number().refine(Number.isFinite, 'not a finite number');
/** An empty cell: Deribit's null (no settlement yet, no last trade). */
const numOrNull = z.string().transform((text, ctx) => {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) ctx.addIssue({ code: 'custom', message: `not a number: '${text}'` });
  return value;
});
/** A Python literal as pandas wrote it: single quotes and None; nothing else in these files. */
function pythonLiteral<T extends z.ZodType>(schema: T) {
  return z.string().transform((text, ctx): z.infer<T> => {
    let json: unknown;
    try {
      json = JSON.parse(text.replaceAll("'", '"').replaceAll('None', 'null'));
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a literal: '${text}'` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid' });
      return z.NEVER;
    }
    return parsed.data;
  });
}

const levels = z.array(z.tuple([z.number().positive(), z.number().positive()]));
const nullableNumber = z.number().nullable();

const FixtureRow = z.object({
  instrument_name: z.string(),
  expiration_timestamp: num,
  option_type: z.enum(['call', 'put']),
  strike: num,
  underlying_price: num,
  underlying_index: z.string(),
  timestamp: num,
  stats: pythonLiteral(z.object({ volume: nullableNumber, price_change: nullableNumber, low: nullableNumber, high: nullableNumber })),
  state: z.string(),
  settlement_price: numOrNull,
  open_interest: num,
  min_price: num,
  max_price: num,
  mark_price: num,
  mark_iv: num,
  last_price: numOrNull,
  interest_rate: num,
  index_price: num,
  greeks: pythonLiteral(z.object({ vega: z.number(), theta: z.number(), rho: z.number(), gamma: z.number(), delta: z.number() })),
  estimated_delivery_price: num,
  change_id: num,
  bids: pythonLiteral(levels),
  bid_iv: num,
  ask_iv: num,
  asks: pythonLiteral(levels),
});

/** One option as Deribit's ticker showed it, fields under Deribit's names. */
export type FixtureOption = z.infer<typeof FixtureRow>;

/** The rows of a chain CSV; a row that does not parse is an error naming its line. */
export function readFixtureChain(file: string): FixtureOption[] {
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row, index) => {
    const parsed = FixtureRow.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file} line ${index + 2}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return parsed.data;
  });
}
