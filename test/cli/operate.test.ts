import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/deadline.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { getJson, sandboxAdmin, waitForRequest } from '../support/hub-client.ts';
import { hubFlags, runCli } from './run-cli.ts';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub({ port: 0, env: { HUB_INTEGRATIONS: 'auth0,stripe' } });
});
afterAll(() => hub?.stop());

/** Makes the Stripe sandbox refuse the next `times` calls as a revoked key would. */
async function breakStripe(times: number) {
  await sandboxAdmin(hub, 'stripe', 'script', {
    pathIncludes: '/v1/customers',
    status: 401,
    times,
    body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
  });
}

async function submitStripeErasure(email: string, wait: boolean) {
  const id = `cli-op-${Date.now()}-${email.split('@')[0]}`;
  const result = await runCli([
    ...hubFlags(hub),
    'submit',
    '--type',
    'erasure',
    '--email',
    email,
    '--integration',
    'stripe',
    '--id',
    id,
    ...(wait ? [] : ['--no-wait']),
  ]);
  return { id, result };
}

describe('dsr-hub redrive', () => {
  it('re-runs the failed tasks of one integration and watches them complete', async () => {
    await breakStripe(2);
    const ada = await submitStripeErasure('ada@example.com', false);
    const grace = await submitStripeErasure('grace@example.com', false);
    for (const { id } of [ada, grace]) {
      expect((await waitForRequest(hub, id)).status).toBe('needs_attention');
    }

    const failing = await runCli([
      ...hubFlags(hub),
      'list',
      '--status',
      'needs_attention',
      '--integration',
      'stripe',
      '--json',
    ]);
    expect(JSON.parse(failing.stdout).items.map((item: { id: string }) => item.id)).toEqual([
      grace.id,
      ada.id,
    ]);

    const redrive = await runCli([...hubFlags(hub), 'redrive', 'stripe']);
    expect(redrive.stderr).toBe('');
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain('stripe: redrove 2 failed tasks');
    expect(redrive.stdout).toMatch(/^stripe\s+0\s+0\s+0\s+0$/m);
    for (const { id } of [ada, grace]) {
      expect((await getJson(hub, `/v1/requests/${id}`)).body.status).toBe('completed');
    }
    const events = await runCli([...hubFlags(hub), 'events', ada.id, '--json']);
    expect(JSON.parse(events.stdout).items).toContainEqual(
      expect.objectContaining({ type: 'redrive', integration: 'stripe', actor: 'ops' }),
    );

    const nothing = await runCli([...hubFlags(hub), 'redrive', 'stripe', '--json']);
    expect(nothing.code).toBe(0);
    expect(JSON.parse(nothing.stdout)).toEqual({
      integration: 'stripe',
      redriven: 0,
      counts: null,
    });
  });

  it('exits 4 when a submitted or redriven task fails, and retry re-runs one task', async () => {
    await breakStripe(1);
    const submitted = await submitStripeErasure('nobody-op@example.com', true);
    expect(submitted.result.code).toBe(4);
    expect(submitted.result.stdout).toMatch(/^stripe\s+failed\s+1\s+.*401/m);
    expect(submitted.result.stderr).toContain('needs attention');

    await breakStripe(1);
    const again = await runCli([...hubFlags(hub), 'redrive', 'stripe', '--json']);
    expect(again.code).toBe(4);
    expect(JSON.parse(again.stdout)).toMatchObject({ redriven: 1, counts: { failed: 1 } });

    const retried = await runCli([...hubFlags(hub), 'retry', submitted.id, 'stripe', '--json']);
    expect(retried.code).toBe(0);
    const request = JSON.parse(retried.stdout);
    expect(request.status).toBe('completed');
    expect(request.tasks[0]).toMatchObject({ integration: 'stripe', status: 'not_applicable' });

    const done = await runCli([...hubFlags(hub), 'retry', submitted.id, 'stripe']);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/refused \(409\)/);
  });

  it('refuses the compliance token (403) and an unknown integration (404) with exit 1', async () => {
    const compliance = await runCli([
      ...hubFlags(hub, hub.secrets.HUB_COMPLIANCE_TOKEN),
      'redrive',
      'stripe',
    ]);
    expect(compliance.code).toBe(1);
    expect(compliance.stderr).toMatch(/refused \(403\)/);
    expect(compliance.stderr).toContain('needs the ops token');

    const unknown = await runCli([...hubFlags(hub), 'redrive', 'no-such-vendor']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/refused \(404\)/);
  });
});

describe('dsr-hub extend', () => {
  it('extends a deadline once, with a reason, and refuses a second extension', async () => {
    // A completed request has no deadline left to extend: keep this one open with a failure.
    await breakStripe(1);
    const { id } = await submitStripeErasure('extend-op@example.com', false);
    expect((await waitForRequest(hub, id)).status).toBe('needs_attention');
    const before = (await getJson(hub, `/v1/requests/${id}`)).body;

    const extended = await runCli([
      ...hubFlags(hub),
      'extend',
      id,
      '--months',
      '2',
      '--reason',
      'records spread over several archives',
    ]);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain('(extended: records spread over several archives)');
    const until = addMonths(new Date(before.deadline), 2).toISOString().slice(0, 10);
    expect(extended.stdout).toContain(`extended until ${until}: records spread`);
    expect(extended.stdout).toContain(`deadline ${until} (extended`);

    const events = JSON.parse((await runCli([...hubFlags(hub), 'events', id, '--json'])).stdout);
    expect(events.items).toContainEqual(
      expect.objectContaining({ type: 'extended', actor: 'ops' }),
    );

    const second = await runCli([
      ...hubFlags(hub),
      'extend',
      id,
      '--months',
      '1',
      '--reason',
      'still more archives',
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/refused \(409\): .*already extended/);
  });
});
