/**
 * The book under stress in the contract (electron/core/stress/book-stress.ts): the spot x vol grid
 * and the named paths, each as is and with the desk's suggested hedges done. USD throughout.
 */
import { z } from 'zod';

const Outcome = z.object({ pnl: z.number(), worstPnl: z.number(), unwindCost: z.number() });

export const BookStress = z.object({
  asOf: z.number(),
  spotPct: z.array(z.number()),
  volPts: z.array(z.number()),
  grid: z.array(z.array(z.number())),
  hedgedGrid: z.array(z.array(z.number())),
  paths: z.array(Outcome.extend({ name: z.string(), hedged: Outcome })),
  hedges: z.array(z.object({ instrument: z.string(), size: z.number() })),
  skipped: z.array(z.object({ instrument: z.string(), reason: z.string() })),
});
export type BookStress = z.infer<typeof BookStress>;

export const StressAnswer = z.object({ stress: BookStress.nullable(), message: z.string().nullable() });
