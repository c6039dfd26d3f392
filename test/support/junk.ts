/** Seeded random and malformed values for fuzzing the contract's boundaries. */

/** mulberry32: tiny, seeded, reproducible. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  "'; DROP TABLE fills; --",
  '\u0000',
  '\ud800', // a lone surrogate
  'BTC-27DEC24-60000-C\n',
  'BTC-99XYZ99-1-C',
  '1e309',
  'NaN',
  '<script>alert(1)</script>',
  '../../etc/passwd',
];

const NASTY_NUMBERS = [0, -0, -1, 1e-320, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity, 0.1 + 0.2, 2 ** 31, -(2 ** 63)];

export function junk(random: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  switch (Math.floor(random() * (depth > 2 ? 6 : 9))) {
    case 0:
      return pick(NASTY_NUMBERS);
    case 1:
      return pick(NASTY_STRINGS);
    case 2:
      return Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join('');
    case 3:
      return random() < 0.5;
    case 4:
      return random() < 0.5 ? null : undefined;
    case 5:
      return (random() - 0.5) * 10 ** Math.floor(random() * 20);
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => junk(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) object[pick([...NASTY_STRINGS, 'size', 'limit', 'instrument'])] = junk(random, depth + 1);
      return object;
    }
  }
}

/** A valid object with one field broken: replaced by junk, removed, or joined by an unknown key. */
export function mutate(random: () => number, valid: Record<string, unknown>): unknown {
  const keys = Object.keys(valid);
  const key = keys[Math.floor(random() * keys.length)]!;
  const roll = random();
  if (roll < 0.6) return { ...valid, [key]: junk(random) };
  if (roll < 0.8) {
    const { [key]: _removed, ...rest } = valid;
    return rest;
  }
  return { ...valid, [`x${Math.floor(random() * 1000)}`]: junk(random) };
}
