/**
 * Nelder-Mead simplex minimisation in two dimensions (Nelder and Mead, Computer Journal 7, 1965,
 * with the standard coefficients 1, 2, 1/2, 1/2): the outer search of the quasi-explicit SVI fit,
 * where the objective is cheap, smooth enough and has no usable gradient.
 */
export interface SimplexResult {
  x: [number, number];
  value: number;
  evaluations: number;
}

export function nelderMead2(
  objective: (x0: number, x1: number) => number,
  start: readonly [number, number],
  steps: readonly [number, number],
  { maxEvaluations = 400, tolerance = 1e-12 } = {},
): SimplexResult {
  const points: [number, number][] = [
    [start[0], start[1]],
    [start[0] + steps[0], start[1]],
    [start[0], start[1] + steps[1]],
  ];
  const values = points.map(([x0, x1]) => objective(x0, x1));
  let evaluations = 3;
  const evaluate = (x0: number, x1: number) => {
    evaluations++;
    return objective(x0, x1);
  };
  while (evaluations < maxEvaluations) {
    // Order best, middle, worst.
    const order = [0, 1, 2].sort((i, j) => values[i]! - values[j]!);
    const [best, middle, worst] = order.map((i) => points[i]!) as [[number, number], [number, number], [number, number]];
    const [fBest, fMiddle, fWorst] = order.map((i) => values[i]!) as [number, number, number];
    points[0] = best;
    points[1] = middle;
    points[2] = worst;
    values[0] = fBest;
    values[1] = fMiddle;
    values[2] = fWorst;
    if (Math.abs(fWorst - fBest) <= tolerance * (Math.abs(fBest) + tolerance)) break;
    const c0 = (best[0] + middle[0]) / 2;
    const c1 = (best[1] + middle[1]) / 2;
    const r0 = 2 * c0 - worst[0];
    const r1 = 2 * c1 - worst[1];
    const fR = evaluate(r0, r1);
    if (fR < fBest) {
      const e0 = 3 * c0 - 2 * worst[0];
      const e1 = 3 * c1 - 2 * worst[1];
      const fE = evaluate(e0, e1);
      [points[2], values[2]] = fE < fR ? [[e0, e1], fE] : [[r0, r1], fR];
    } else if (fR < fMiddle) {
      [points[2], values[2]] = [[r0, r1], fR];
    } else {
      // Contract toward the better of the worst point and its reflection.
      const outside = fR < fWorst;
      const k0 = outside ? (c0 + r0) / 2 : (c0 + worst[0]) / 2;
      const k1 = outside ? (c1 + r1) / 2 : (c1 + worst[1]) / 2;
      const fK = evaluate(k0, k1);
      if (fK < (outside ? fR : fWorst)) {
        [points[2], values[2]] = [[k0, k1], fK];
      } else {
        for (const i of [1, 2]) {
          points[i] = [(best[0] + points[i]![0]) / 2, (best[1] + points[i]![1]) / 2];
          values[i] = evaluate(points[i]![0], points[i]![1]);
        }
      }
    }
  }
  const bestIndex = values[0]! <= values[1]! && values[0]! <= values[2]! ? 0 : values[1]! <= values[2]! ? 1 : 2;
  return { x: points[bestIndex]!, value: values[bestIndex]!, evaluations };
}
