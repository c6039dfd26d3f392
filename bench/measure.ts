/**
 * Timing helpers for `npm run bench`. These machines are shared and noisy, so every figure is
 * the median of several runs, and comparisons are reported as ratios measured side by side.
 */
import { median } from '../shared/domain/median';

export { median };

/** Median wall time in ms of `runs` calls of fn, after `warmup` unmeasured calls. */
export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** A benchmark suite contributes named figures to the one JSON object `bench --json` prints. */
export interface BenchSuite {
  name: string;
  run(): Promise<Record<string, number>> | Record<string, number>;
}

export interface Timing {
  wallMs: number;
  /** This process's CPU time (user + system): on a shared, loaded machine the wall time mostly measures the neighbours. */
  cpuMs: number;
}

/** Medians of wall and CPU time over `runs` calls after `warmup` unmeasured ones. */
export function timed(fn: () => void, runs: number, warmup: number): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}
