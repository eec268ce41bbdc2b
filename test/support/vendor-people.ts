/** One person known to the Auth0, Stripe and GitHub sandboxes, with the ids each vendor gave them. */
export interface VendorPerson {
  email: string;
  auth0UserId: string;
  stripeCustomerId: string;
  githubLogin: string;
}

/** Where each sandbox's admin surface is. */
export type SandboxUrls = Record<'auth0' | 'stripe' | 'github', string>;

/**
 * `count` people named after `tag` (`<tag>-7@example.com`), each an Auth0 user, a Stripe
 * customer and a member of the sandbox's GitHub organization.
 */
export function vendorPeople(tag: string, count: number): VendorPerson[] {
  return Array.from({ length: count }, (_, index) => {
    const serial = String(index).padStart(5, '0');
    const word = tag.replace(/[^a-z0-9]/gi, '').toLowerCase();
    return {
      email: `${word}-${index}@example.com`,
      auth0UserId: `auth0|${word}${serial}`,
      stripeCustomerId: `cus_${word.slice(0, 6)}${serial}`,
      githubLogin: `${word}-${serial}`,
    };
  });
}

/**
 * An erasure for the person. The GitHub login is named so that the hub does not go through
 * GitHub's user search, which allows 30 calls a minute.
 */
export function erasureFor(person: VendorPerson, id: string) {
  return {
    id,
    type: 'erasure',
    subject: { email: person.email, ids: { github: person.githubLogin } },
  };
}

async function admin(baseUrl: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}`);
  return response.json();
}

/** Loads the people into the sandboxes, each in the vendor's own seed format. */
export async function seedVendorPeople(urls: SandboxUrls, people: readonly VendorPerson[]) {
  await admin(urls.auth0, 'seed', {
    users: people.map((p) => ({ email: p.email, user_id: p.auth0UserId, email_verified: true })),
  });
  await admin(urls.stripe, 'seed', {
    customers: people.map((p) => ({ id: p.stripeCustomerId, email: p.email })),
  });
  await admin(urls.github, 'seed', {
    users: people.map((p) => ({ login: p.githubLogin, email: p.email })),
    members: people.map((p) => p.githubLogin),
    // The test is about faults, not GitHub's hourly and per-minute budgets.
    primaryRateLimit: 1_000_000,
    secondaryPointsPerMinute: 1_000_000,
  });
}

/** Lifts a sandbox's per-second limit out of the way, or sets it to the vendor limit under test. */
export async function configureSandbox(baseUrl: string, config: Record<string, unknown>) {
  await admin(baseUrl, 'config', config);
}

export async function setSandboxFaults(baseUrl: string, plan: Record<string, number> | object) {
  await admin(baseUrl, 'faults', plan);
}

/** One request as a sandbox logged it. */
export interface SandboxLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  fault?: string;
}

export async function sandboxLog(baseUrl: string): Promise<SandboxLogEntry[]> {
  return ((await admin(baseUrl, 'requests')) as { items: SandboxLogEntry[] }).items;
}

/** Which of the people each vendor still holds. */
export interface VendorHoldings {
  auth0: Set<string>;
  stripe: Set<string>;
  github: Set<string>;
}

/** Reads each sandbox's state: the emails of the people each vendor still holds. */
export async function vendorHoldings(
  urls: SandboxUrls,
  people: readonly VendorPerson[],
): Promise<VendorHoldings> {
  const auth0 = (await admin(urls.auth0, 'state')) as { users: { email: string }[] };
  const stripe = (await admin(urls.stripe, 'state')) as {
    customers: { id: string; deleted?: boolean }[];
  };
  const github = (await admin(urls.github, 'state')) as { members: string[] };
  const auth0Emails = new Set(auth0.users.map((user) => user.email));
  const liveCustomers = new Set(stripe.customers.filter((c) => !c.deleted).map((c) => c.id));
  const members = new Set(github.members);
  const held = (has: (p: VendorPerson) => boolean) =>
    new Set(people.filter(has).map((p) => p.email));
  return {
    auth0: held((p) => auth0Emails.has(p.email)),
    stripe: held((p) => liveCustomers.has(p.stripeCustomerId)),
    github: held((p) => members.has(p.githubLogin.toLowerCase())),
  };
}
