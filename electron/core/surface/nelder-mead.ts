/**
 * Nelder-Mead simplex minimisation (Nelder and Mead, Computer Journal 7, 1965, with the standard
 * coefficients 1, 2, 1/2, 1/2): the outer searches of the surface fits, (m, sigma) for raw SVI and
 * (theta, rho, phi) for SSVI, where objectives are cheap, continuous and have no usable gradient.
 * The objective gets a scratch vector it must not keep.
 */
export interface SimplexResult {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(
  objective: (x: Float64Array) => number,
  start: readonly number[],
  steps: readonly number[],
  { maxEvaluations = 400, tolerance = 1e-12 } = {},
): SimplexResult {
  const n = start.length;
  const points = Array.from({ length: n + 1 }, (_, i) => {
    const point = Float64Array.from(start);
    if (i > 0) point[i - 1]! += steps[i - 1]!;
    return point;
  });
  const values = points.map((point) => objective(point));
  let evaluations = n + 1;
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  /** trial = centroid + t (centroid - worst), evaluated. */
  const along = (target: Float64Array, t: number, worst: Float64Array) => {
    for (let j = 0; j < n; j++) target[j] = centroid[j]! + t * (centroid[j]! - worst[j]!);
    evaluations++;
    return objective(target);
  };
  const order = new Int32Array(n + 1).map((_, i) => i);
  while (evaluations < maxEvaluations) {
    // Stable insertion sort by value: the simplex is nearly sorted from the last step, and this
    // loop runs once per evaluation of the surface fits' hottest search.
    for (let i = 1; i <= n; i++) {
      const index = order[i]!;
      let j = i - 1;
      while (j >= 0 && values[order[j]!]! > values[index]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = index;
    }
    const best = order[0]!;
    const worst = order[n]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (Math.abs(fWorst - fBest) <= tolerance * (Math.abs(fBest) + tolerance)) break;
    centroid.fill(0);
    for (let rank = 0; rank < n; rank++) {
      const point = points[order[rank]!]!;
      for (let j = 0; j < n; j++) centroid[j]! += point[j]! / n;
    }
    const worstPoint = points[worst]!;
    const fR = along(reflected, 1, worstPoint);
    if (fR < fBest) {
      const fE = along(trial, 2, worstPoint);
      worstPoint.set(fE < fR ? trial : reflected);
      values[worst] = Math.min(fE, fR);
    } else if (fR < values[order[n - 1]!]!) {
      worstPoint.set(reflected);
      values[worst] = fR;
    } else {
      // Contract toward the better of the worst point and its reflection.
      const outside = fR < fWorst;
      const fK = along(trial, outside ? 0.5 : -0.5, worstPoint);
      if (fK < (outside ? fR : fWorst)) {
        worstPoint.set(trial);
        values[worst] = fK;
      } else {
        const bestPoint = points[best]!;
        for (let rank = 1; rank <= n; rank++) {
          const i = order[rank]!;
          const point = points[i]!;
          for (let j = 0; j < n; j++) point[j] = (bestPoint[j]! + point[j]!) / 2;
          values[i] = objective(point);
          evaluations++;
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: Array.from(points[bestIndex]!), value: values[bestIndex]!, evaluations };
}
