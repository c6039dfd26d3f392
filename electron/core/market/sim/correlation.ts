/** Correlation matrices for the simulator's shocks: validation and the Cholesky factor that correlates iid normals. */

/**
 * The lower-triangular L with L L' = matrix, row-major in a Float64Array (n x n). Throws with the
 * reason when the matrix is not a symmetric correlation matrix or not positive definite.
 */
export function choleskyCorrelation(matrix: readonly (readonly number[])[], what: string): Float64Array {
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    if (row.length !== n) throw new Error(`${what}: row ${i} has ${row.length} entries, expected ${n}`);
    if (row[i] !== 1) throw new Error(`${what}: diagonal entry ${i} is ${row[i]}, expected 1`);
    for (let j = 0; j < n; j++) {
      const value = row[j]!;
      if (!(Math.abs(value) <= 1)) throw new Error(`${what}: entry (${i}, ${j}) = ${value} is not a correlation`);
      if (value !== matrix[j]![i]) throw new Error(`${what}: not symmetric at (${i}, ${j})`);
    }
  }
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error(`${what}: not positive definite (pivot ${i} is ${sum})`);
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j]!;
      }
    }
  }
  return lower;
}

/** out = L z for a row-major lower-triangular L (no allocation). */
export function correlate(out: Float64Array, lower: Float64Array, z: Float64Array): void {
  const n = z.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += lower[i * n + k]! * z[k]!;
    out[i] = sum;
  }
}
