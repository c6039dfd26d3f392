import { systemClock } from '/work/main/electron/core/clock';
import { createDesk } from '/work/main/electron/core/desk';
import { dispatch } from '/work/main/electron/core/api/dispatch';
import fs from 'node:fs';
const desk = createDesk({ dataDir: fs.mkdtempSync('/tmp/bt-'), clock: systemClock, config: { hostMode: 'cli' } });
desk.events.subscribe((c, p: any) => { if (c === 'backtest.changed') console.log(p.state, p.progress, p.error); });
console.log(await dispatch(desk.handlers, 'backtest.start', { seed: 3, hours: 0.05 }));
setTimeout(() => { desk.close(); process.exit(0); }, 30000);
