import type { SandboxResponse } from '../../sandbox-kit/http.ts';
import { githubError } from './replies.ts';

const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';
const SECONDARY_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/** What a request costs toward the secondary limit: GitHub counts a write as 5 points. */
export function secondaryPoints(method: string): number {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 1 : 5;
}

/**
 * GitHub's two limits. The primary one counts requests per token per hour (`core`, 5,000) or
 * per minute for search (30), and every answer reports it in `x-ratelimit-*`; the secondary
 * one counts points per endpoint per minute (900).
 */
export class GitHubRateLimits {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();
  private readonly points = new Map<string, { at: number; points: number }[]>();

  constructor(
    private readonly primaryLimit: () => number,
    private readonly pointsPerMinute: () => number,
  ) {}

  private resource(path: string): { name: string; limit: number; windowMs: number } {
    return path.startsWith('/search/')
      ? { name: 'search', limit: 30, windowMs: 60_000 }
      : { name: 'core', limit: this.primaryLimit(), windowMs: 3_600_000 };
  }

  /** Counts one request; the headers to send, or GitHub's 403 when a limit is used up. */
  take(
    method: string,
    path: string,
    endpoint: string,
    now: number,
  ): { headers: Record<string, string> } | { refused: SandboxResponse } {
    const resource = this.resource(path);
    let window = this.windows.get(resource.name);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + resource.windowMs, used: 0 };
      this.windows.set(resource.name, window);
    }
    const reset = String(Math.ceil(window.resetAt / 1000));
    if (window.used >= resource.limit) {
      return {
        refused: githubError(
          403,
          `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.`,
          {
            'x-ratelimit-limit': String(resource.limit),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': reset,
            'x-ratelimit-used': String(window.used),
            'x-ratelimit-resource': resource.name,
          },
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        ),
      };
    }
    window.used += 1;
    const headers = {
      'x-ratelimit-limit': String(resource.limit),
      'x-ratelimit-remaining': String(resource.limit - window.used),
      'x-ratelimit-reset': reset,
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-resource': resource.name,
    };
    const spent = (this.points.get(endpoint) ?? []).filter((entry) => entry.at > now - 60_000);
    const total = spent.reduce((sum, entry) => sum + entry.points, 0);
    const cost = secondaryPoints(method);
    if (total + cost > this.pointsPerMinute()) {
      const oldest = spent[0]?.at ?? now;
      const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
      return {
        refused: githubError(
          403,
          SECONDARY_MESSAGE,
          { ...headers, 'retry-after': String(retryAfter) },
          SECONDARY_DOCS,
        ),
      };
    }
    spent.push({ at: now, points: cost });
    this.points.set(endpoint, spent);
    return { headers };
  }

  /** The hub-facing answer for a burst over the per-second ceiling or an injected fault. */
  static burstLimited(retryAfterMs: number, withHint: boolean): SandboxResponse {
    // With a hint: 429 and retry-after. Without: the 403 that only says "wait a minute".
    if (!withHint) return githubError(403, SECONDARY_MESSAGE, undefined, SECONDARY_DOCS);
    return githubError(
      429,
      SECONDARY_MESSAGE,
      { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
      SECONDARY_DOCS,
    );
  }

  clear(): void {
    this.windows.clear();
    this.points.clear();
  }
}
