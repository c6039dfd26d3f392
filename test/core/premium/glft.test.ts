/**
 * The single-asset results the engine reduces to: Avellaneda-Stoikov's indifference prices and
 * GLFT's quotes, the closed form against the exact solution of its ODE system.
 * Parameters of GLFT (2013), Section 6: sigma = 0.3 tick/sqrt(s), A = 0.9 /s, k = 0.3 /tick,
 * gamma = 0.01 /tick, Q = 30 (their figures use T = 600 s).
 */
import { describe, expect, it } from 'vitest';
import { avellanedaStoikov, glftBaseHalfSpread, glftClosedForm, glftExact, glftHorizon, glftOmega } from '../../../electron/core/premium/glft';

const SIGMA = 0.3;
const A = 0.9;
const K = 0.3;
const GAMMA = 0.01;
const Q = 30;

describe('Avellaneda-Stoikov', () => {
  it('puts the reservation price q gamma sigma^2 (T - t) below mid, halfway between the indifference bid and ask', () => {
    const { reservation, bid, ask } = avellanedaStoikov(100, 3, 0.1, 2, 0.5);
    expect(reservation).toBeCloseTo(100 - 3 * 0.1 * 4 * 0.5, 12);
    expect((bid + ask) / 2).toBeCloseTo(reservation, 12);
    expect(ask - bid).toBeCloseTo(0.1 * 4 * 0.5, 12);
  });
});

describe('GLFT', () => {
  it('base half-spread tends to 1/k as risk aversion vanishes (log1p keeps the digits)', () => {
    expect(glftBaseHalfSpread(1e-12, K)).toBeCloseTo(1 / K, 9);
    expect(glftBaseHalfSpread(GAMMA, K)).toBeCloseTo(Math.log(1 + GAMMA / K) / GAMMA, 12);
  });

  it('exact quotes are symmetric (bid at q = ask at -q) and the bid rises with inventory', () => {
    const { bid, ask } = glftExact(Q, GAMMA, K, A, SIGMA, 600);
    for (let q = -Q; q < Q; q++) expect(bid[q + Q]!).toBeCloseTo(ask[-q + Q]!, 9);
    for (let q = -Q; q < Q - 1; q++) expect(bid[q + 1 + Q]!).toBeGreaterThan(bid[q + Q]!);
  });

  it('exact quotes become stationary far from the horizon (the regime the closed form describes)', () => {
    const at600 = glftExact(Q, GAMMA, K, A, SIGMA, 600);
    const at6000 = glftExact(Q, GAMMA, K, A, SIGMA, 6000);
    for (let q = -10; q <= 10; q++) expect(at6000.bid[q + Q]!).toBeCloseTo(at600.bid[q + Q]!, 6);
  });

  it('closed form is within 0.1% of the exact stationary quotes for |q| <= 10, its inventory step within 1%', () => {
    // GLFT's approximation replaces the discrete inventory ODE by its continuous limit; at these
    // parameters it is off by at most 0.04% up to |q| = 10 (step 0.0679 vs exact 0.0681 tick).
    const exact = glftExact(Q, GAMMA, K, A, SIGMA, 6000);
    for (let q = -10; q <= 10; q++) {
      const approx = glftClosedForm(q, GAMMA, K, A, SIGMA);
      expect(Math.abs(approx.bid - exact.bid[q + Q]!) / exact.bid[q + Q]!).toBeLessThan(0.001);
    }
    const exactStep = exact.bid[Q + 1]! - exact.bid[Q]!;
    expect(Math.abs(glftOmega(GAMMA, K, A, SIGMA) - exactStep) / exactStep).toBeLessThan(0.01);
  });

  it('the horizon gamma sigma^2 tau = omega turns AS indifference quotes into the closed form', () => {
    const tau = glftHorizon(GAMMA, K, A, SIGMA);
    for (const q of [-4, 0, 7]) {
      const as = avellanedaStoikov(0, q, GAMMA, SIGMA, tau);
      const closed = glftClosedForm(q, GAMMA, K, A, SIGMA);
      expect(-as.bid + glftBaseHalfSpread(GAMMA, K)).toBeCloseTo(closed.bid, 12);
      expect(as.ask + glftBaseHalfSpread(GAMMA, K)).toBeCloseTo(closed.ask, 12);
    }
  });
});
