import { Worker } from 'node:worker_threads';
const w = new Worker('/work/main/out/main/backtest-worker.js');
w.on('error', (e) => console.log('error', e.message));
w.on('message', (m) => { if (m.type === 'result') { console.log('result', m.summary.pnl); void w.terminate(); } });
const params = JSON.parse(process.argv[2] ?? 'null');
w.postMessage({ config: { seed: 3, hours: 0.01, strategy: 'premium', hedge: true, riskAversionScale: 1 }, params, start: Date.UTC(2026, 0, 14, 12) });
