/**
 * A venue's REST call through ccxt retried while it fails for a transient reason (ccxt's
 * NetworkError family: timeouts, the venue unavailable, and rate-limit refusals such as Deribit's
 * 10028 too_many_requests or OKX's 50011, which ccxt raises as DDoSProtection / RateLimitExceeded
 * and does not retry itself). A refusal for the rate is waited out at least `rateLimitedDelayMs`
 * (the venues refill their budgets continuously, e.g. docs.deribit.com "Rate limits"); every retry
 * also backs off exponentially with jitter.
 */
import { DDoSProtection, NetworkError, RateLimitExceeded } from 'ccxt';
import { backoffDelay, sleep, type BackoffPolicy } from './backoff';

export interface RestRetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  backoff: BackoffPolicy;
  rateLimitedDelayMs: number;
  random?: () => number;
}

const isRateLimited = (error: unknown): boolean => error instanceof DDoSProtection || error instanceof RateLimitExceeded;

/** `onRetry` hears each transient failure before its wait; `stopped` ends the retries (a closed adapter). */
export async function withRestRetry<T>(
  call: () => Promise<T>,
  policy: RestRetryPolicy,
  onRetry: (error: NetworkError, limited: boolean) => void = () => {},
  stopped: () => boolean = () => false,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (stopped() || !(error instanceof NetworkError) || attempt + 1 >= policy.attempts) throw error;
      const limited = isRateLimited(error);
      onRetry(error, limited);
      await sleep(Math.max(limited ? policy.rateLimitedDelayMs : 0, backoffDelay(policy.backoff, attempt, policy.random)));
    }
  }
}
