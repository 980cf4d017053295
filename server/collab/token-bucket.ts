/**
 * Rate limit of one connection: `ratePerSecond` sustained, bursts up to `burst`. Uses a monotonic clock
 * so wall-clock jumps neither block nor free a client.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now()
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `amount` tokens (messages, or bytes); false when the bucket holds fewer. */
  take(amount = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
