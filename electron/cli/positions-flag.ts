/** --positions FILE: the book as JSON [{"instrument","size"}], size signed (contracts; USD or coins for perpetuals and futures). */
import { z } from 'zod';
import { InstrumentName } from '../../shared/contract/schemas';
import type { PositionLine } from '../core/premium/chain-engine';
import { readJsonFile } from './chain-flag';
import { UsageError } from './command';

const PositionsFile = z.array(z.object({ instrument: InstrumentName, size: z.number().refine((size) => size !== 0, 'size must not be 0') }).strict());

export function readPositions(file: string): PositionLine[] {
  const parsed = PositionsFile.safeParse(readJsonFile('--positions', file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--positions ${file}: [${issue.path.join('.')}] ${issue.message}`);
  }
  return parsed.data;
}
