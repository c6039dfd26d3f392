/**
 * The single-asset market-making results the engine must reduce to, in price units:
 *
 * Avellaneda-Stoikov (2008): reservation price r = s - q gamma sigma^2 (T - t), and for one unit
 * the indifference bid and ask r_b = s - (1 + 2q) gamma sigma^2 (T - t) / 2, r_a = s + (1 - 2q) ...
 *
 * Gueant-Lehalle-Fernandez-Tapia (2013), intensity A exp(-k delta), inventory in [-Q, Q]:
 * exactly, w(t) = exp(-M (T - t)) 1 with M tridiagonal, M_qq = (k/2) gamma sigma^2 q^2,
 * M_q,q+-1 = -eta, eta = A (1 + gamma/k)^-(1 + k/gamma), and
 *   delta_b(q) = ln(w_q / w_q+1) / k + ln(1 + gamma/k) / gamma,
 *   delta_a(q) = ln(w_q / w_q-1) / k + ln(1 + gamma/k) / gamma;
 * as T - t grows, the closed-form approximation
 *   delta_b(q) = ln(1 + gamma/k) / gamma + (2q + 1)/2 omega,  delta_a(q) = ... - (2q - 1)/2 omega,
 *   omega = sqrt(sigma^2 gamma / (2 k A) (1 + gamma/k)^(1 + k/gamma)).
 * The engine's inventory term gamma tau (s q e'Sigma e + e'Sigma e / 2) equals the closed form's
 * inventory part when tau = omega / (gamma sigma^2): `glftHorizon`, the effective unwind time.
 */

/** GLFT's base half-spread (1/gamma) ln(1 + gamma/k); tends to 1/k as gamma -> 0. */
export function glftBaseHalfSpread(gamma: number, k: number): number {
  const x = gamma / k;
  // log1p(x)/gamma loses nothing as gamma -> 0 (x tiny), where ln(1 + x) would round to x or 0.
  return Math.log1p(x) / gamma;
}

/** omega: the closed form's inventory step, price units per unit of inventory. */
export function glftOmega(gamma: number, k: number, A: number, sigma: number): number {
  return Math.sqrt(((sigma * sigma * gamma) / (2 * k * A)) * Math.pow(1 + gamma / k, 1 + k / gamma));
}

/** The horizon tau at which gamma sigma^2 tau = omega: the engine then quotes GLFT's closed form. */
export function glftHorizon(gamma: number, k: number, A: number, sigma: number): number {
  return glftOmega(gamma, k, A, sigma) / (gamma * sigma * sigma);
}

export interface Distances {
  bid: number;
  ask: number;
}

/** GLFT closed-form bid and ask distances from mid at inventory q. */
export function glftClosedForm(q: number, gamma: number, k: number, A: number, sigma: number): Distances {
  const base = glftBaseHalfSpread(gamma, k);
  const omega = glftOmega(gamma, k, A, sigma);
  return { bid: base + ((2 * q + 1) / 2) * omega, ask: base - ((2 * q - 1) / 2) * omega };
}

export interface IndifferencePrices {
  reservation: number;
  bid: number;
  ask: number;
}

/** Avellaneda-Stoikov reservation price and one-unit indifference bid/ask at inventory q. */
export function avellanedaStoikov(mid: number, q: number, gamma: number, sigma: number, horizon: number): IndifferencePrices {
  const g = gamma * sigma * sigma * horizon;
  return { reservation: mid - q * g, bid: mid - ((1 + 2 * q) * g) / 2, ask: mid + ((1 - 2 * q) * g) / 2 };
}

/**
 * GLFT's exact quotes for every inventory in [-Q, Q] at time to horizon `remaining`, from the
 * eigen-decomposition of the symmetric tridiagonal M (Jacobi rotations; 2Q + 1 is small).
 * bid[q + Q] is undefined at q = Q (no buying at the bound), ask[0] at q = -Q.
 */
export function glftExact(Q: number, gamma: number, k: number, A: number, sigma: number, remaining: number): { bid: number[]; ask: number[] } {
  const n = 2 * Q + 1;
  const alpha = (k / 2) * gamma * sigma * sigma;
  const eta = A * Math.pow(1 + gamma / k, -(1 + k / gamma));
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const q = i - Q;
    M[i * n + i] = alpha * q * q;
    if (i + 1 < n) M[i * n + i + 1] = M[(i + 1) * n + i] = -eta;
  }
  const { values, vectors } = symmetricEigen(M, n);
  // w = V exp(-Lambda t) V' 1, scaled by exp(lambda_min t) so long horizons do not underflow.
  const lambdaMin = Math.min(...values);
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let projection = 0;
    for (let i = 0; i < n; i++) projection += vectors[i * n + j]!;
    const weight = projection * Math.exp(-(values[j]! - lambdaMin) * remaining);
    for (let i = 0; i < n; i++) w[i]! += vectors[i * n + j]! * weight;
  }
  const base = glftBaseHalfSpread(gamma, k);
  const bid: number[] = [];
  const ask: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n) bid[i] = Math.log(w[i]! / w[i + 1]!) / k + base;
    if (i > 0) ask[i] = Math.log(w[i]! / w[i - 1]!) / k + base;
  }
  return { bid, ask };
}

/** Cyclic Jacobi eigen-decomposition of a symmetric n x n matrix: eigenvalues and column eigenvectors. */
function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}
