/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../measure';
import { backtestSuite } from './backtest';
import { feedSuite } from './feed';
import { importSuite } from './import';
import { historySuite } from './history';
import { liveSuite } from './live';
import { premiumSuite } from './premium';
import { pricingSuite } from './pricing';
import { recordSuite } from './record';
import { riskSuite } from './risk';
import { screensSuite } from './screens';
import { simSuite } from './sim';
import { storeSuite } from './store';
import { stressSuite } from './stress';
import { surfaceSuite } from './surface';

export const SUITES: readonly BenchSuite[] = [storeSuite, pricingSuite, surfaceSuite, feedSuite, simSuite, liveSuite, recordSuite, premiumSuite, backtestSuite, stressSuite, riskSuite, importSuite, historySuite, screensSuite];
