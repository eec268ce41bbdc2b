/**
 * A sliding one-second window, the way vendors count: a request is refused when
 * `limit` requests were already accepted in the last `windowMs`.
 */
export class SlidingWindow {
  private readonly accepted: number[] = [];

  constructor(
    public limit: number,
    private readonly windowMs = 1000,
  ) {}

  /** Records the request if it fits; otherwise returns the time (ms) until a slot frees up. */
  take(now: number): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    while (this.accepted.length > 0 && (this.accepted[0] ?? 0) <= now - this.windowMs) {
      this.accepted.shift();
    }
    if (this.accepted.length >= this.limit) {
      const oldest = this.accepted[0] ?? now;
      return { ok: false, retryAfterMs: oldest + this.windowMs - now };
    }
    this.accepted.push(now);
    return { ok: true, remaining: this.limit - this.accepted.length };
  }

  /** Most requests seen in any window of `windowMs` among the given timestamps. */
  static peak(timestamps: readonly number[], windowMs = 1000): number {
    const sorted = [...timestamps].sort((a, b) => a - b);
    let peak = 0;
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }
}
