import { Worker } from 'node:worker_threads';
const w = new Worker('/work/main/electron/core/backtest/backtest-worker.ts', { execArgv: ['--import', 'tsx'] });
w.on('error', (e) => console.log('error', e));
w.on('exit', (c) => console.log('exit', c));
w.on('message', (m) => console.log('msg', m.type));
w.postMessage({ config: { seed: 3, hours: 0.01, strategy: 'premium', hedge: true, riskAversionScale: 1 }, params: (await import('/work/main/electron/core/premium/params')).premiumParams({}), start: Date.UTC(2026, 0, 14, 12) });
