/** Every CLI command, in the order `desk --help` lists them. */
import type { Command } from '../command';
import { backup, exportHistory, importHistory, restore } from './backup';
import { hedge } from './hedge';
import { importFills } from './import-fills';
import { compactHistory, history } from './history';
import { iv, price } from './pricing';
import { record, replay } from './record';
import { listSecrets, setSecret } from './secrets';
import { serve } from './serve';
import { addFills, fills, positions, rebuildPositions, status } from './store';
import { backtest } from './backtest';
import { backtestReport } from './backtest-report';
import { premiumParamsCommand } from './premium-params';
import { quote } from './quote';
import { stress } from './stress';
import { calibratePremium } from './calibrate-premium';
import { calibrate, calibrations } from './surface';

export const COMMANDS: readonly Command[] = [
  serve,
  status,
  positions,
  fills,
  addFills,
  rebuildPositions,
  backup,
  restore,
  exportHistory,
  importHistory,
  importFills,
  history,
  compactHistory,
  setSecret,
  listSecrets,
  price,
  iv,
  calibrate,
  calibrations,
  quote,
  hedge,
  premiumParamsCommand,
  calibratePremium,
  backtest,
  backtestReport,
  stress,
  record,
  replay,
];
