import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';

let hub: RunningHub;
type Capability = { name: string; mode: string; supports: string[] };
let matrix: Capability[];

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: {
      HUB_RETRY_SCHEDULE: '1,1,2',
      HUB_ACK_REMINDER_HOURS: String(1 / 3600),
      HUB_ACK_REMINDERS: '1',
    },
    reconcileEveryMs: 300,
  });
  matrix = (await getJson(hub, '/v1/integrations')).body.items;
});
afterAll(() => hub?.stop());

const subjectOf = (person: 'ada' | 'grace') => ({
  email: `${person}@example.com`,
  ids: {
    matrix: `@${person}:gitter.im`,
    googleAnalytics: ['GA1.2.1234.5678'],
    ...(person === 'ada' ? { githubToken: 'gho_sandboxAdaToken000000000000000000000' } : {}),
  },
});

describe('every integration, all three request types', () => {
  it('lists every subprocessor of the privacy policy in the capability matrix', () => {
    const names = matrix.map((c) => c.name);
    for (const name of [
      'auth0',
      'stripe',
      'github',
      'google-analytics',
      'facebook',
      'happyfox-chat',
      'gitter',
      'inline-manual',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.some((name) => name.startsWith('partner:'))).toBe(true);
    expect(matrix.find((c) => c.name === 'happyfox-chat')?.mode).toBe('manual');
  });

  it.each([
    ['erasure', 'ada', undefined],
    ['restriction', 'grace', undefined],
    ['rectification', 'grace', { name: 'Grace B. Hopper', email: 'grace.hopper@example.com' }],
  ] as const)(
    '%s ends in the states the matrix promises',
    { timeout: 60_000 },
    async (type, person, changes) => {
      const id = `e2e-${type}-${randomUUID()}`;
      const accepted = await submit(hub, {
        id,
        type,
        subject: subjectOf(person),
        ...(changes ? { changes } : {}),
      });
      expect(accepted.status).toBe(202);
      await confirmAsThePerson(id);
      const done = await waitForRequest(hub, id, 20_000);
      expect(done.status).toBe('completed');
      for (const task of done.tasks as { integration: string; status: string; reason?: string }[]) {
        const capability = matrix.find((c) => c.name === task.integration);
        expect(capability).toBeDefined();
        if (!capability?.supports.includes(type)) {
          expect(task.status).toBe('not_applicable');
          expect(task.reason).toBeTruthy();
        } else if (type === 'erasure') {
          expect(task.status, `${task.integration} should act on an erasure`).toBe('acknowledged');
        } else {
          expect(['acknowledged', 'not_applicable']).toContain(task.status);
          if (task.status === 'not_applicable') expect(task.reason).toBeTruthy();
        }
      }
    },
  );

  it('reminds a partner who does not confirm, then takes its confirmation once', async () => {
    const partner = matrix.find((c) => c.name.startsWith('partner:'))?.name as string;
    await sandboxAdmin(hub, partner, 'seed', { autoAck: false });
    const id = `e2e-silent-${randomUUID()}`;
    await submit(hub, {
      id,
      type: 'erasure',
      subject: { email: 'nobody-silent@example.com' },
      integrations: [partner],
    });
    const deadline = Date.now() + 20_000;
    let trail: { type: string }[] = [];
    while (!trail.some((e) => e.type === 'reminder') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      trail = (await getJson(hub, `/v1/requests/${id}/events`)).body.items;
    }
    expect(trail.some((e) => e.type === 'reminder')).toBe(true);
    type Delivery = { webhookId: string; payload: { requestId: string; ackUrl: string } };
    const deliveriesOf = async () =>
      ((await sandboxAdmin(hub, partner, 'state')) as { deliveries: Delivery[] }).deliveries.filter(
        (d) => d.payload.requestId === id,
      );
    await waitFor(async () => (await deliveriesOf()).length >= 2);
    const all = await deliveriesOf();
    expect(new Set(all.map((d) => d.webhookId)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.payload.ackUrl)).size).toBe(1);
    const ackUrl = all[0]?.payload.ackUrl as string;

    const forged = await fetch(`${hub.url}/v1/acks/not-a-real-token`, {
      method: 'POST',
      body: '{"status":"completed"}',
    });
    expect(forged.status).toBe(404);
    const ack = await fetch(ackUrl, { method: 'POST', body: '{"status":"completed"}' });
    expect(ack.status).toBe(200);
    const replay = await fetch(ackUrl, {
      method: 'POST',
      body: '{"status":"rejected","reason":"changed my mind"}',
    });
    expect(replay.status).toBe(409);
    const done = await waitForRequest(hub, id);
    expect(done.tasks[0].status).toBe('acknowledged');
  });
});

/**
 * Gitter's account deactivation is the person's own step: they get the ack link in a
 * direct message from the bot. Once the automatic tasks have settled, the test
 * plays that person and confirms.
 */
async function confirmAsThePerson(id: string): Promise<void> {
  const settled = new Set(['acknowledged', 'not_applicable', 'failed', 'awaiting_ack']);
  await waitFor(async () => {
    const request = (await getJson(hub, `/v1/requests/${id}`)).body as {
      tasks: { status: string }[];
    };
    return request.tasks.every((task) => settled.has(task.status));
  }, 45_000);
  const request = (await getJson(hub, `/v1/requests/${id}`)).body as {
    tasks: { integration: string; status: string }[];
  };
  if (request.tasks.find((t) => t.integration === 'gitter')?.status !== 'awaiting_ack') return;
  const state = JSON.stringify(await sandboxAdmin(hub, 'gitter', 'state'));
  const links = [...state.matchAll(/https?:\/\/[^\s"\\]+\/v1\/acks\/[A-Za-z0-9_-]+/g)].map(
    (m) => m[0],
  );
  const answers = await Promise.all(
    [...new Set(links)].map((link) =>
      fetch(link, { method: 'POST', body: '{"status":"completed"}' }),
    ),
  );
  expect(answers.some((answer) => answer.status === 200)).toBe(true);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
