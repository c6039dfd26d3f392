/**
 * Minimise  1/2 x' Q x + g' x + sum_j (up_j x_j^+ + down_j x_j^-)  over x, Q positive semi-definite:
 * a quadratic risk plus linear (proportional) trading costs, buying and selling priced apart.
 * Cyclic coordinate descent with soft thresholding (the lasso's algorithm: Friedman, Hastie and
 * Tibshirani 2010); each coordinate step is exact, so the objective never rises and it converges
 * for convex problems. Coordinates with Q_jj = 0 stay at zero (they carry no risk to hedge).
 */
export interface QuadraticL1 {
  /** Row-major n x n. */
  Q: Float64Array;
  g: Float64Array;
  /** Cost per unit bought and per unit sold (both >= 0). */
  up: Float64Array;
  down: Float64Array;
}

const MAX_SWEEPS = 500;

export function minimiseQuadraticL1({ Q, g, up, down }: QuadraticL1, tolerance = 1e-10): Float64Array {
  const n = g.length;
  const x = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    let scale = 0;
    for (let j = 0; j < n; j++) {
      const q = Q[j * n + j]!;
      if (!(q > 0)) continue;
      // Gradient of the smooth part without x_j's own diagonal term.
      let partial = g[j]!;
      for (let k = 0; k < n; k++) if (k !== j) partial += Q[j * n + k]! * x[k]!;
      const next = partial + up[j]! < 0 ? -(partial + up[j]!) / q : partial - down[j]! > 0 ? -(partial - down[j]!) / q : 0;
      change = Math.max(change, Math.abs(next - x[j]!) * Math.sqrt(q));
      scale = Math.max(scale, Math.abs(next) * Math.sqrt(q));
      x[j] = next;
    }
    if (change <= tolerance * Math.max(scale, 1e-300)) break;
  }
  return x;
}

export function objective({ Q, g, up, down }: QuadraticL1, x: ArrayLike<number>): number {
  const n = g.length;
  let value = 0;
  for (let j = 0; j < n; j++) {
    let row = 0;
    for (let k = 0; k < n; k++) row += Q[j * n + k]! * x[k]!;
    value += 0.5 * x[j]! * row + g[j]! * x[j]! + (x[j]! > 0 ? up[j]! * x[j]! : -down[j]! * x[j]!);
  }
  return value;
}
