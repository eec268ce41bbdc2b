import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: { HUB_RETRY_SCHEDULE: '1,1,1', HUB_INTEGRATIONS: 'auth0,stripe,github' },
    reconcileEveryMs: 1000,
  });
});
afterAll(() => hub?.stop());

describe('a signed erasure through the local hub', () => {
  it('reaches Auth0, Stripe and GitHub and completes with evidence', async () => {
    const body = erasureOf('ada@example.com');
    const accepted = await submit(hub, body);
    expect(accepted.status).toBe(202);
    expect(accepted.body.subject).toEqual({ email: 'a***@example.com' });

    const done = await waitForRequest(hub, body.id);
    console.log(
      JSON.stringify((await getJson(hub, `/v1/requests/${body.id}/events`)).body, null, 1),
    );
    expect(done.status).toBe('completed');
    const tasks = Object.fromEntries(done.tasks.map((t: any) => [t.integration, t]));
    for (const name of ['auth0', 'stripe', 'github']) {
      expect(tasks[name].status).toBe('acknowledged');
      expect(tasks[name].evidence.verification).toBe('verified');
    }
    const auth0State = await sandboxAdmin(hub, 'auth0', 'state');
    expect(JSON.stringify(auth0State)).not.toContain('ada@example.com');
  });
});
