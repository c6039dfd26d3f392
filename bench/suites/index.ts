/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../measure';
import { feedSuite } from './feed';
import { liveSuite } from './live';
import { pricingSuite } from './pricing';
import { simSuite } from './sim';
import { storeSuite } from './store';
import { surfaceSuite } from './surface';

export const SUITES: readonly BenchSuite[] = [storeSuite, pricingSuite, surfaceSuite, feedSuite, simSuite, liveSuite];
