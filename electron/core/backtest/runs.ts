/**
 * Backtests from the desk, each in a worker thread so the main process keeps serving the market
 * and the screens: started with a configuration, progress pushed as it runs, cancellable (the
 * thread is terminated at once), the outcome stored. The worker is the built sibling
 * `backtest-worker.js` in a packaged app, or its TypeScript source under tsx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BacktestConfig, BacktestRun } from '../../../shared/contract/backtest';
import type { Clock } from '../clock';
import type { PremiumParams } from '../premium/params';
import type { BacktestStore } from '../store/backtest-store';
import type { WorkerMessage, WorkerRequest } from './backtest-worker';

/**
 * The worker thread: the bundle's sibling when built; from source, the TypeScript file behind tsx's
 * loader, registered inside the thread first (Node 20 loads a worker's entry before `--import`
 * hooks apply, so `execArgv` cannot do it).
 */
export function startWorker(): Worker {
  const built = fileURLToPath(new URL('./backtest-worker.js', import.meta.url));
  if (fs.existsSync(built)) return new Worker(built);
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const source = new URL('./backtest-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { eval: true });
}

/** tsx's ESM registration API (the package's `import` export: its CommonJS twin cannot load the ESM half). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!;
  return path.join(path.dirname(manifest), exported.import.default);
}

/** A run a request names that is not there or not running. */
export class RunRequestError extends Error {
  override name = 'RunRequestError';
}

/** Runs at once: each takes a core, and the market and the screens need one. */
export const MAX_RUNNING = 2;
/** Progress is pushed at most this often per run. */
const PROGRESS_EVERY_MS = 200;

export class BacktestRuns {
  private readonly running = new Map<number, { worker: Worker; run: BacktestRun }>();

  constructor(
    private readonly store: BacktestStore,
    private readonly clock: Clock,
    private readonly params: () => PremiumParams,
    private readonly onChange: (run: BacktestRun) => void,
    /** Where a run's recording is looked up by its name. */
    private readonly recordingsDir: string,
  ) {}

  start(config: BacktestConfig): BacktestRun {
    if (this.running.size >= MAX_RUNNING) throw new RunRequestError(`${this.running.size} backtests are running: cancel one or wait for it`);
    const run = this.store.start(config, this.clock.now());
    const worker = startWorker();
    this.running.set(run.id, { worker, run });
    let pushed = 0;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        run.progress = message.done;
        if (Date.now() - pushed >= PROGRESS_EVERY_MS) {
          pushed = Date.now();
          this.onChange({ ...run });
        }
      } else this.end(run.id, { state: 'done', result: message.result });
    });
    worker.on('error', (error) => this.end(run.id, { state: 'failed', error: error.message }));
    worker.on('exit', (code) => {
      if (this.running.has(run.id)) this.end(run.id, { state: 'failed', error: `the backtest thread exited with code ${code}` });
    });
    // The run is stored with the recording's name; the thread opens it in the recordings folder.
    const opened = config.recording === undefined ? config : { ...config, recording: path.join(this.recordingsDir, path.basename(config.recording)) };
    worker.postMessage({ config: opened, params: this.params() } satisfies WorkerRequest);
    return run;
  }

  /** Stop a running backtest now: its thread is terminated and the run stored as cancelled. */
  cancel(id: number): BacktestRun {
    if (!this.running.has(id)) {
      const run = this.store.get(id);
      throw new RunRequestError(run ? `backtest ${id} is ${run.state}, not running` : `no backtest ${id}`);
    }
    return this.end(id, { state: 'cancelled' });
  }

  /** Terminate every running thread (the desk closes); the runs stay 'running' and are marked failed at the next start. */
  close(): void {
    for (const { worker } of this.running.values()) void worker.terminate();
    this.running.clear();
  }

  private end(id: number, outcome: Parameters<BacktestStore['end']>[2]): BacktestRun {
    const entry = this.running.get(id);
    this.running.delete(id);
    if (entry) void entry.worker.terminate();
    this.store.end(id, this.clock.now(), outcome);
    const run = this.store.get(id)!;
    this.onChange(run);
    return run;
  }
}
