/**
 * Deribit's credit system as a token bucket: a request spends credits, credits drip back at a
 * fixed rate up to a cap; a request that finds none is refused with 10028 too_many_requests
 * (docs.deribit.com/articles/rate-limits). Counted here in requests rather than credits.
 */
export interface BucketLimit {
  perSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  /** Spend one request; false when the bucket is empty. */
  take(now: number): boolean {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface VenueRateLimits {
  /** Non-matching-engine requests: 500 credits each from a 50,000 pool refilled at 10,000/s = 20/s, burst 100. */
  requests: BucketLimit;
  /** public/get_instruments on its own: 1 request/s sustained (the burst is this server's assumption). */
  instruments: BucketLimit;
}

export const DERIBIT_RATE_LIMITS: VenueRateLimits = {
  requests: { perSecond: 20, burst: 100 },
  instruments: { perSecond: 1, burst: 5 },
};
