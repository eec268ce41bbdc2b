import type { RunningHub } from '../../local/hub.ts';
import { getJson, sandboxAdmin } from '../support/hub-client.ts';

/** Ada as the Auth0, Stripe and GitHub sandboxes seed her: the data a hostile request must not reach. */
export const ADA = {
  email: 'ada@example.com',
  auth0: 'auth0|65f0a1b2c3d4e5f6a7b8c9d0',
  stripe: 'cus_SbxAda00000001',
  github: 'ada-lovelace',
} as const;

export const WATCHED_VENDORS = ['auth0', 'stripe', 'github'] as const;

/** One call a sandbox vendor logged. */
export interface VendorCall {
  vendor: string;
  method: string;
  path: string;
  status: number;
}

export async function vendorLog(hub: RunningHub): Promise<VendorCall[]> {
  const calls: VendorCall[] = [];
  for (const vendor of WATCHED_VENDORS) {
    const { items } = (await sandboxAdmin(hub, vendor, 'requests')) as {
      items: Omit<VendorCall, 'vendor'>[];
    };
    calls.push(...items.map(({ method, path, status }) => ({ vendor, method, path, status })));
  }
  return calls;
}

/**
 * How many calls the sandboxes have seen, once the hub's earlier work has drained: the
 * count must hold still across two looks 700 ms apart.
 */
export async function settledVendorCalls(hub: RunningHub): Promise<number> {
  let previous = -1;
  for (;;) {
    const current = (await vendorLog(hub)).length;
    if (current === previous) return current;
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

/** The ids of every stored request, newest first. */
export async function storedRequestIds(hub: RunningHub): Promise<string[]> {
  const answer = await getJson(hub, '/v1/requests?limit=100');
  if (answer.status !== 200) throw new Error(`listing answered ${answer.status}`);
  return (answer.body.items as { id: string }[]).map((item) => item.id);
}

/** Whether Ada's records are all still at Auth0, Stripe and GitHub. */
export async function adaIsIntact(hub: RunningHub): Promise<Record<string, boolean>> {
  const auth0 = (await sandboxAdmin(hub, 'auth0', 'state')) as { users: { user_id: string }[] };
  const stripe = (await sandboxAdmin(hub, 'stripe', 'state')) as { customers: { id: string }[] };
  const github = (await sandboxAdmin(hub, 'github', 'state')) as { members: string[] };
  return {
    auth0: auth0.users.some((user) => user.user_id === ADA.auth0),
    stripe: stripe.customers.some((customer) => customer.id === ADA.stripe),
    github: github.members.includes(ADA.github),
  };
}
