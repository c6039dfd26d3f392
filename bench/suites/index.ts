/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../measure';
import { feedSuite } from './feed';
import { premiumSuite } from './premium';
import { pricingSuite } from './pricing';
import { riskSuite } from './risk';
import { simSuite } from './sim';
import { storeSuite } from './store';
import { surfaceSuite } from './surface';

export const SUITES: readonly BenchSuite[] = [storeSuite, pricingSuite, surfaceSuite, feedSuite, simSuite, premiumSuite, riskSuite];
