/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../measure';
import { pricingSuite } from './pricing';
import { simSuite } from './sim';
import { storeSuite } from './store';

export const SUITES: readonly BenchSuite[] = [storeSuite, pricingSuite, simSuite];
