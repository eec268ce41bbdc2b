import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandlers } from '../../local/handlers.ts';
import type { RunningHub } from '../../local/hub.ts';
import { erasureOf, submit, waitForRequest } from '../support/hub-client.ts';
import { type SynthesizedHub, synthesizeHub } from './hub-synth.ts';

/** A task as GET /v1/requests/{id} shows it. */
interface SettledTask {
  integration: string;
  status: string;
  evidence?: { verification?: string };
}

const HUB_MODULE = fileURLToPath(new URL('../../local/hub.ts', import.meta.url));

/**
 * Starts the local runner on the bundles in its own Node.js process, as `npm start` would: the
 * bundles load through Node's own ES module loader, not the test runner's transform.
 */
const START_HUB = `
const { startHub } = await import(${JSON.stringify(HUB_MODULE)});
const hub = await startHub({ port: 0, handlers: 'bundled', reconcileEveryMs: 1000, log: (line) => console.error(line) });
console.log(JSON.stringify({ url: hub.url, secrets: hub.secrets }));
process.on('SIGTERM', () => hub.stop().then(() => process.exit(0)));
`;

/** The hub process, with just what the test client needs of it: its URL and secrets. */
async function startBundledHub(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; hub: RunningHub; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', START_HUB],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"url"'));
      if (line) resolve(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`the hub exited (${code}) before it was ready:\n${stderr}`)),
    );
  });
  const { url, secrets } = JSON.parse(ready) as Pick<RunningHub, 'url' | 'secrets'>;
  return { child, hub: { url, secrets } as RunningHub, output: () => `${stdout}\n${stderr}` };
}

async function stopHub(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The esbuild bundles the CDK uploads, run by the local runner in place of the sources: the
 * deployed artifact is the tested one.
 */
describe('the bundled handlers in the local runner', () => {
  let synthesized: SynthesizedHub;
  let running: Awaited<ReturnType<typeof startBundledHub>>;

  beforeAll(async () => {
    synthesized = synthesizeHub();
    running = await startBundledHub({
      HUB_BUNDLE_DIR: synthesized.outdir,
      HUB_INTEGRATIONS: 'auth0,stripe,github',
      HUB_RETRY_SCHEDULE: '1,1,1',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
  }, 120_000);

  afterAll(async () => {
    await stopHub(running?.child);
    synthesized?.cleanup();
  });

  it('completes a signed erasure at Auth0, Stripe and GitHub, verified', async () => {
    const { hub } = running;
    const body = erasureOf('ada@example.com');
    const accepted = await submit(hub, body);
    expect(accepted.status).toBe(202);

    const done = await waitForRequest(hub, body.id, 30_000);
    expect(done.status).toBe('completed');
    const tasks = Object.fromEntries(
      (done.tasks as SettledTask[]).map((task) => [task.integration, task]),
    );
    expect(Object.keys(tasks).sort()).toEqual(['auth0', 'github', 'stripe']);
    for (const name of ['auth0', 'stripe', 'github']) {
      expect(tasks[name]?.status, name).toBe('acknowledged');
      expect(tasks[name]?.evidence?.verification, name).toBe('verified');
    }
    expect(running.output()).not.toContain('ada@example.com');
  });

  it('gives each queue its own worker bundle, and has none for an unknown queue', async () => {
    const previous = process.env.HUB_BUNDLE_DIR;
    process.env.HUB_BUNDLE_DIR = synthesized.outdir;
    try {
      const handlers = await loadHandlers('bundled');
      expect(handlers.worker('stripe')).not.toBe(handlers.worker('auth0'));
      expect(handlers.worker('stripe')).toBe(handlers.worker('stripe'));
      expect(() => handlers.worker('no-such-vendor')).toThrow(/No worker bundle/);
    } finally {
      process.env.HUB_BUNDLE_DIR = previous;
    }
  });

  it('refuses a directory without a cloud assembly rather than falling back to the sources', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dsr-hub-no-assembly-'));
    const previous = process.env.HUB_BUNDLE_DIR;
    process.env.HUB_BUNDLE_DIR = empty;
    try {
      await expect(loadHandlers('bundled')).rejects.toThrow(/No cloud assembly/);
    } finally {
      process.env.HUB_BUNDLE_DIR = previous;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
