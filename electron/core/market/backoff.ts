/**
 * Retry delays: exponential with "equal jitter" (Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015): attempt n waits d/2 + U(0, d/2) with d = min(max, base x 2^n), so
 * clients cut off together do not come back together, and none retries at once.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
