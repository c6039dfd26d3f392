/**
 * A fill file without quotes is read by splitting lines at commas instead of through csv-parse:
 * the two readings must give the same records on the same lines, whatever the file holds
 * (empty and blank lines, empty fields, a BOM, LF or CRLF, mixed line ends that go to csv-parse).
 */
import { describe, expect, it } from 'vitest';
import type { FillBatch } from '../../../electron/core/fills/fill-batch';
import { readFillCsv, type Cell, type FillCsvShape } from '../../../electron/core/fills/fill-csv';
import { seededRandom } from '../../support/junk';

/** A shape that records what it is handed; with `cast` set, readFillCsv must use csv-parse. */
function recorder(viaCsvParse: boolean): { shape: FillCsvShape; records: [number, Cell[]][] } {
  const records: [number, Cell[]][] = [];
  const shape: FillCsvShape = {
    ...(viaCsvParse ? { cast: (value: string) => value } : {}),
    header: (names) => (records.push([0, names]), null),
    row: (cells: Cell[], line: number, _batch: FillBatch) => void records.push([line, cells]),
  };
  return { shape, records };
}

function randomFile(random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const cells = ['', ' ', '\t', 'a', 'BTC-27DEC24-60000-C', '0.5', '-1e-3', 'open buy', '18/05/26 08:00:00', 'é', ' x '];
  const lines = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
    random() < 0.15 ? pick(['', ' ']) : Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(cells)).join(','),
  );
  const ending = pick(['\n', '\r\n', 'mixed']);
  const text = lines.map((line, i) => line + (ending === 'mixed' ? pick(['\n', '\r\n', '\r']) : i < lines.length - 1 || random() < 0.5 ? ending : '')).join('');
  return (random() < 0.2 ? '\uFEFF' : '') + text;
}

describe('fill CSV without quotes', () => {
  it('reads as csv-parse reads it: the same records on the same lines', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 500; trial++) {
      const text = randomFile(random);
      const plain = recorder(false);
      const parsed = recorder(true);
      const plainBatch = readFillCsv(text, plain.shape, 'f.csv');
      const parsedBatch = readFillCsv(Buffer.from(text), parsed.shape, 'f.csv');
      expect(plain.records, JSON.stringify(text)).toEqual(parsed.records);
      expect(plainBatch.problems, JSON.stringify(text)).toEqual(parsedBatch.problems);
    }
  });
});
