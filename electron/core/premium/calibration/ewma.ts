/**
 * Exponentially weighted covariance of factor changes observed at irregular intervals
 * (RiskMetrics' EWMA with the decay set by a half-life in time, not in observations). Each change
 * x over dt years contributes x x' / dt, an annualised outer product; weights decay by
 * 0.5^(dt / halfLife) and are normalised by their sum, so early estimates are not biased to zero.
 */
export class EwmaCovariance {
  private readonly sum: Float64Array;
  private weight = 0;
  private observations = 0;

  constructor(
    readonly dimension: number,
    private readonly halfLifeYears: number,
  ) {
    if (!(halfLifeYears > 0)) throw new Error('an EWMA needs a positive half-life');
    this.sum = new Float64Array(dimension * dimension);
  }

  add(changes: ArrayLike<number>, dtYears: number): void {
    if (changes.length !== this.dimension) throw new Error(`expected ${this.dimension} factor changes, got ${changes.length}`);
    if (!(dtYears > 0)) throw new Error('observations must be at increasing times');
    for (let i = 0; i < changes.length; i++) if (!Number.isFinite(changes[i]!)) throw new Error(`factor change ${i} is not finite`);
    const decay = Math.pow(0.5, dtYears / this.halfLifeYears);
    const n = this.dimension;
    for (let i = 0; i < n; i++) {
      const xi = changes[i]! / dtYears;
      for (let j = 0; j < n; j++) this.sum[i * n + j] = decay * this.sum[i * n + j]! + (1 - decay) * xi * changes[j]!;
    }
    this.weight = decay * this.weight + (1 - decay);
    this.observations += 1;
  }

  get count(): number {
    return this.observations;
  }

  /** The annual covariance (row-major n x n). */
  perYear(): Float64Array {
    if (this.observations === 0) throw new Error('no observations yet');
    return this.sum.map((value) => value / this.weight);
  }
}
