import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { closedPortUrl, hubFlags, runCli } from './run-cli.ts';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub({ port: 0, env: { HUB_INTEGRATIONS: 'auth0,stripe' } });
});
afterAll(() => hub?.stop());

describe('dsr-hub submit and status', () => {
  it('submits an erasure, follows it to completion and shows it again', async () => {
    const id = `cli-${Date.now()}-ada`;
    const submitted = await runCli([
      ...hubFlags(hub),
      'submit',
      '--type',
      'erasure',
      '--email',
      'ada@example.com',
      '--id',
      id,
    ]);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toMatch(new RegExp(`^${id}  erasure  completed`));
    expect(submitted.stdout).toContain('subject a***@example.com');
    expect(submitted.stdout).toMatch(/^auth0\s+acknowledged\s+\d+\s+verified/m);
    expect(submitted.stdout).not.toContain('ada@example.com');

    const status = await runCli([...hubFlags(hub), 'status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe(`${id}  erasure  completed`);
    expect(status.stdout).toMatch(/^integration\s+status\s+attempts\s+verified\s+detail$/m);
  });

  it('prints the API resource with --json', async () => {
    const id = `cli-${Date.now()}-json`;
    const submitted = await runCli([
      ...hubFlags(hub),
      'submit',
      '--type',
      'erasure',
      '--email',
      'grace@example.com',
      '--id',
      id,
      '--no-wait',
      '--json',
    ]);
    expect(submitted.code).toBe(0);
    const accepted = JSON.parse(submitted.stdout);
    expect(accepted).toMatchObject({ id, type: 'erasure', subject: { email: 'g***@example.com' } });
    expect(accepted.tasks.map((task: { integration: string }) => task.integration).sort()).toEqual([
      'auth0',
      'stripe',
    ]);

    const status = await runCli([...hubFlags(hub), 'status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).id).toBe(id);
  });
});

describe('dsr-hub list and events', () => {
  it('lists requests newest first, as a table and as JSON, following every page with --all', async () => {
    const ids = [
      `cli-${Date.now()}-list-1`,
      `cli-${Date.now()}-list-2`,
      `cli-${Date.now()}-list-3`,
    ];
    for (const id of ids) {
      const submitted = await runCli([
        ...hubFlags(hub),
        'submit',
        '--type',
        'restriction',
        '--email',
        `${id}@example.com`,
        '--id',
        id,
        '--no-wait',
      ]);
      expect(submitted.code).toBe(0);
    }

    const table = await runCli([...hubFlags(hub), 'list', '--limit', '100']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^id\s+type\s+status\s+received\s+deadline\s+days left\s+flags\s+tasks$/,
    );
    const order = ids.map((id) => lines.findIndex((line) => line.startsWith(`${id} `)));
    expect(order.every((index) => index > 1)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => b - a));

    const firstPage = JSON.parse(
      (await runCli([...hubFlags(hub), 'list', '--limit', '1', '--json'])).stdout,
    );
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.nextCursor).toEqual(expect.any(String));

    const everything = await runCli([...hubFlags(hub), 'list', '--limit', '2', '--all', '--json']);
    expect(everything.code).toBe(0);
    const all = JSON.parse(everything.stdout);
    expect(all.nextCursor).toBeNull();
    const listed = all.items.map((item: { id: string }) => item.id);
    expect(listed).toEqual(expect.arrayContaining(ids));
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('filters by status', async () => {
    const completed = JSON.parse(
      (await runCli([...hubFlags(hub), 'list', '--status', 'completed', '--all', '--json'])).stdout,
    );
    expect(completed.items.length).toBeGreaterThan(0);
    expect(completed.items.every((item: { status: string }) => item.status === 'completed')).toBe(
      true,
    );
  });

  it("shows a request's audit trail", async () => {
    const id = `cli-${Date.now()}-events`;
    expect(
      (
        await runCli([
          ...hubFlags(hub),
          'submit',
          '--type',
          'erasure',
          '--email',
          'ada@example.com',
          '--id',
          id,
        ])
      ).code,
    ).toBe(0);
    const events = await runCli([...hubFlags(hub), 'events', id]);
    expect(events.code).toBe(0);
    expect(events.stdout).toMatch(/^at\s+type\s+integration\s+actor\s+status\s+detail$/m);
    expect(events.stdout).toMatch(/\sreceived\s+upstream/);
    const trail = JSON.parse((await runCli([...hubFlags(hub), 'events', id, '--json'])).stdout);
    expect(trail.items[0].type).toBe('received');
    // ada was erased by an earlier test, so the vendors now find nobody: not_applicable.
    const types = trail.items.map((event: { type: string }) => event.type);
    expect(types).toContain('attempt');
    expect(types.filter((type: string) => type === 'not_applicable')).toHaveLength(2);
  });
});

describe('dsr-hub exit codes', () => {
  it('exits 2 on a usage error, naming it', async () => {
    const badChoice = await runCli([...hubFlags(hub), 'list', '--status', 'finished']);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain("argument 'finished' is invalid");

    const missing = await runCli([...hubFlags(hub), 'extend', 'some-id', '--months', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason');

    const noToken = await runCli(['--url', hub.url, 'status', 'anything']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no token');
  });

  it('documents the exit codes in --help and exits 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const code of ['0', '1', '2', '3', '4', '5']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    }
  });

  it('exits 3 when the hub is unreachable', async () => {
    const url = await closedPortUrl();
    const result = await runCli(['--url', url, '--token', 'x', 'status', 'anything']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot reach the hub at ${url}`);
  });

  it("exits 1 when the hub refuses, with the problem's detail", async () => {
    const unknown = await runCli([...hubFlags(hub), 'status', 'no-such-request']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/refused \(404\): \S/);

    const invalid = await runCli([
      ...hubFlags(hub),
      'submit',
      '--type',
      'rectification',
      '--email',
      'ada@example.com',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/refused \(400\)/);

    const badToken = await runCli([...hubFlags(hub, 'not-a-token'), 'status', 'whatever']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/refused \(401\)/);
  });
});
