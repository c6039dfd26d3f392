/**
 * `price` and `iv`: the pricing core over JSON lines, one answer per input line, in order.
 * Inverse options are priced and quoted in coin (USD price / F), linear ones in USD.
 */
import { z } from 'zod';
import { black76, Valuation } from '../../core/pricing/black76';
import { impliedVol } from '../../core/pricing/implied-vol';
import type { Command } from '../command';
import { mapJsonLines } from '../jsonl';

const finite = z.number();
const positive = finite.positive();
const common = {
  kind: z.enum(['call', 'put']),
  F: positive,
  K: positive,
  T: finite.nonnegative(),
  settlement: z.enum(['linear', 'inverse']).default('linear'),
};
const PriceInput = z.object({ ...common, vol: finite.nonnegative(), rate: finite.default(0) }).strict();
const IvInput = z.object({ ...common, price: finite }).strict();

function parseLine<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; '));
}

export const price: Command = {
  name: 'price',
  summary: 'Black-76 price and greeks (Deribit units) for JSON lines on stdin',
  usage:
    '  stdin: {"kind":"call"|"put","F","K","T":years,"vol":fraction,"settlement":"linear"|"inverse","rate"?} per line\n' +
    '  stdout: {"price","delta","gamma","vega","theta","vanna","volga"} (+ "coin_delta" for inverse); price in coin for inverse',
  async run() {
    const out = new Valuation();
    const failures = await mapJsonLines((value) => {
      const input = parseLine(PriceInput, value);
      const { price: usd, delta, gamma, vega, theta, vanna, volga } = black76(out, input.kind, input.F, input.K, input.T, input.vol, input.rate);
      if (input.settlement === 'linear') return { price: usd, delta, gamma, vega, theta, vanna, volga };
      const coin = usd / input.F;
      // Deribit's "net transaction delta": the coin account's delta, BS delta less the premium in coin.
      return { price: coin, delta, gamma, vega, theta, vanna, volga, coin_delta: delta - coin };
    });
    return failures ? 1 : 0;
  },
};

export const iv: Command = {
  name: 'iv',
  summary: "implied vol (Jaeckel's Let's Be Rational) for JSON lines on stdin",
  usage:
    '  stdin: {"kind","F","K","T","price","settlement"} per line (price in coin for inverse)\n' +
    '  stdout: {"vol":fraction} or {"error":"below_intrinsic"|"above_max"|...}',
  async run() {
    const failures = await mapJsonLines((value) => {
      const input = parseLine(IvInput, value);
      const usd = input.settlement === 'inverse' ? input.price * input.F : input.price;
      return impliedVol(input.kind, input.F, input.K, input.T, usd);
    });
    return failures ? 1 : 0;
  },
};
