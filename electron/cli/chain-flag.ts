/**
 * Flags shared by the commands that read chain snapshot files (`calibrate`, `quote`, `stress`):
 * the file itself, the snapshot time, JSON input files and the positions file, each failing as a
 * usage error naming the file.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { InstrumentName } from '../../shared/contract/schemas';
import type { PositionLine } from '../core/premium/chain-engine';
import { parseChainFile, snapshotAt, type ChainSnapshot } from '../core/surface/chain-files';
import { UsageError } from './command';
import { parseTimeFlag } from './time-flag';

function readText(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${file}: ${(error as Error).message}`);
  }
}

export function readChain(file: string, underlying: string | undefined): ChainSnapshot {
  const text = readText('--chain', file);
  try {
    return parseChainFile(text, underlying);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

/** The snapshot as of --at (each instrument's latest row by then), or the whole file's latest. */
export function chainAt(chain: ChainSnapshot, at: string | undefined): ChainSnapshot {
  const quotes = snapshotAt(chain.quotes, at ? parseTimeFlag('--at', at) : Infinity);
  if (quotes.length === 0) throw new UsageError('no quotes in the chain at that time');
  return { ...chain, quotes };
}

export function readJsonFile(flag: string, file: string): unknown {
  const text = readText(flag, file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: not JSON: ${(error as Error).message}`);
  }
}


const PositionsFile = z.array(z.object({ instrument: InstrumentName, size: z.number().refine((size) => size !== 0, 'size must not be 0') }).strict());

/** A positions file: JSON [{"instrument","size"}], size signed in contracts. */
export function readPositions(file: string): PositionLine[] {
  const parsed = PositionsFile.safeParse(readJsonFile('--positions', file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--positions ${file}: [${issue.path.join('.')}] ${issue.message}`);
  }
  return parsed.data;
}
