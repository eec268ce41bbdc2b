/** A small seeded PRNG (mulberry32) so that a chaos run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultKind = 'error500' | 'rateLimit' | 'rateLimitNoHint' | 'hang' | 'reset';

/** Probabilities of each fault per request, and the seed that makes them repeatable. */
export interface FaultPlan {
  seed: number;
  error500?: number;
  rateLimit?: number;
  rateLimitNoHint?: number;
  hang?: number;
  reset?: number;
  /** How long a hang lasts before the socket is dropped. */
  hangMs?: number;
}

/** A scripted answer for the next matching request(s), for deterministic tests. */
export interface ScriptedResponse {
  method?: string;
  /** Substring of the path to match. */
  pathIncludes?: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests it answers; default 1. */
  times?: number;
}

export class FaultInjector {
  private random: () => number = () => 1;
  private plan: FaultPlan | undefined;

  setPlan(plan: FaultPlan | undefined): void {
    this.plan = plan;
    this.random = plan ? seededRandom(plan.seed) : () => 1;
  }

  get hangMs(): number {
    return this.plan?.hangMs ?? 30_000;
  }

  /** Draws the fault (if any) for the next request. */
  draw(): FaultKind | undefined {
    const plan = this.plan;
    if (!plan) return undefined;
    const roll = this.random();
    let edge = 0;
    for (const kind of ['error500', 'rateLimit', 'rateLimitNoHint', 'hang', 'reset'] as const) {
      edge += plan[kind] ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  }
}
