import type { SandboxServer } from '../../integrations/sandbox-kit/server.ts';

/** One request as a sandbox vendor logged it. */
export interface SandboxLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  fault?: string;
}

/** A person the bench erases; each sandbox knows them under its own id. */
export interface BenchPerson {
  email: string;
  auth0UserId: string;
  stripeCustomerId: string;
  githubLogin: string;
}

export type Sandboxes = ReadonlyMap<string, SandboxServer>;

/** `count` people, `bench-<tag>-<n>@example.com`, with ids in each vendor's format. */
export function benchPeople(tag: string, count: number, offset = 0): BenchPerson[] {
  return Array.from({ length: count }, (_, position) => {
    const index = offset + position;
    const serial = `${tag}${String(index).padStart(6, '0')}`;
    return {
      email: `bench-${tag}-${index}@example.com`,
      auth0UserId: `auth0|bench${serial}`,
      stripeCustomerId: `cus_bench${serial}`,
      githubLogin: `bench-${serial}`,
    };
  });
}

/**
 * The erasure an upstream sends for the person. The GitHub login is named, as upstreams that
 * know it do, so that GitHub's user search (30 calls a minute) stays out of the figures.
 */
export function erasureOf(person: BenchPerson, id: string) {
  return {
    id,
    type: 'erasure',
    subject: { email: person.email, ids: { github: person.githubLogin } },
  };
}

async function admin(sandboxes: Sandboxes, name: string, path: string, body?: unknown) {
  const server = sandboxes.get(name);
  if (!server) return undefined;
  const response = await fetch(`${server.baseUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${name} sandbox ${path} answered ${response.status}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** Loads the people into every running sandbox that holds people, in the vendor's seed format. */
export async function seedPeople(sandboxes: Sandboxes, people: readonly BenchPerson[]) {
  const emails = people.map((p) => p.email);
  await admin(sandboxes, 'auth0', 'seed', {
    users: people.map((p) => ({ email: p.email, user_id: p.auth0UserId, email_verified: true })),
  });
  await admin(sandboxes, 'stripe', 'seed', {
    customers: people.map((p) => ({ id: p.stripeCustomerId, email: p.email })),
  });
  await admin(sandboxes, 'github', 'seed', {
    users: people.map((p) => ({ login: p.githubLogin, email: p.email })),
    members: people.map((p) => p.githubLogin),
  });
  const facebook = await admin(sandboxes, 'facebook', 'state');
  if (facebook) {
    const audiences = Object.fromEntries(
      Object.entries(facebook.audiences as Record<string, { name: string }>).map(([id, a]) => [
        id,
        { name: a.name, emails },
      ]),
    );
    await admin(sandboxes, 'facebook', 'seed', { audiences });
  }
  await admin(sandboxes, 'inline-manual', 'seed', {
    profiles: people.map((p) => ({ uid: p.email, email: p.email })),
  });
}

/** Sets one sandbox's per-second limit (and optionally its latency). */
export async function configureSandbox(
  sandboxes: Sandboxes,
  name: string,
  config: { rateLimit?: number; latencyMs?: number },
) {
  await admin(sandboxes, name, 'config', config);
}

/** Lifts GitHub's hourly and per-minute budgets, for runs about the hub rather than GitHub. */
export async function liftGitHubBudgets(sandboxes: Sandboxes) {
  await admin(sandboxes, 'github', 'seed', {
    primaryRateLimit: 1_000_000_000,
    secondaryPointsPerMinute: 1_000_000_000,
  });
}

export async function sandboxLog(sandboxes: Sandboxes, name: string): Promise<SandboxLogEntry[]> {
  return ((await admin(sandboxes, name, 'requests'))?.items ?? []) as SandboxLogEntry[];
}

/** Drops a sandbox's state and request log (it re-seeds its demo people). */
export async function resetSandbox(sandboxes: Sandboxes, name: string) {
  await admin(sandboxes, name, 'reset', {});
}
