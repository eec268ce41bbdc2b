import { expect } from 'vitest';
import { classifyFailure } from '../../core/failure.ts';
import type { RequestType, Subject } from '../../core/model.ts';
import { type VendorExchange, withVendorCallScope } from '../../core/vendor-call.ts';
import { createVendorFetch } from '../../core/vendor-fetch.ts';
import type { ActionInput, Env, IntegrationDescriptor, SandboxDefinition } from '../contract.ts';
import type { LoggedRequest, SandboxServer } from './server.ts';

/**
 * Test support shared by the integrations' tests; not loaded by the hub.
 */

/** A running sandbox, as far as its admin surface goes. */
type SandboxAddress = Pick<SandboxServer, 'baseUrl'>;

/**
 * Starts a sandbox with its rate window opened wide: these tests call without the
 * host's limiter, so pacing would only slow them; a test about pacing lowers it again.
 */
export async function startUnthrottled(definition: SandboxDefinition): Promise<SandboxServer> {
  const server = await definition.start();
  server.setRateLimit(1000);
  return server;
}

/** The integration's settings from `env`; throws when `env` leaves it unconfigured. */
export function requireConfig<Config>(
  integration: IntegrationDescriptor<Config>,
  env: Env,
): Config {
  const config = integration.configure(env);
  if (!config) throw new Error(`sandbox env did not configure ${integration.title}`);
  return config;
}

/** An action's input for `type` and `subject`, with fixed request id and deadline; `extra` overrides. */
export function actionInput(
  type: RequestType,
  subject: Subject,
  extra: Partial<ActionInput> = {},
): ActionInput {
  return {
    requestId: 'req-1',
    type,
    subject,
    deadline: '2026-12-29T10:00:00.000Z',
    now: new Date(),
    ...extra,
  };
}

/** The host's vendor fetch for `key` (over `base`), with a limiter that grants every call at once. */
export function unlimitedVendorFetch(key: string, base?: typeof fetch): typeof fetch {
  return createVendorFetch({
    key,
    perSecond: 1000,
    limiter: { acquire: async () => true },
    timeoutMs: 5000,
    maxQueueMs: 0,
    fetch: base,
  });
}

/** What a run came to: what it resolved to or threw, and the vendor exchanges it made. */
export interface RecordedRun<T> {
  outcome: T | undefined;
  error: unknown;
  exchanges: VendorExchange[];
}

/**
 * Runs `run` as the host runs an action: inside a vendor-call scope with a 5 s signal,
 * recording every exchange a vendor fetch makes. Never throws; what `run` threw is `error`.
 */
export async function recordVendorCalls<T>(
  run: () => Promise<T> | undefined,
): Promise<RecordedRun<T>> {
  const exchanges: VendorExchange[] = [];
  const settled = await withVendorCallScope(AbortSignal.timeout(5000), exchanges, async () => {
    try {
      return { outcome: await run(), error: undefined };
    } catch (error) {
      return { outcome: undefined, error };
    }
  });
  return { ...settled, exchanges };
}

/**
 * Runs `run` as the host does, expects it to throw an Error, and returns that error
 * with the outcome the host classifies from the recorded exchanges.
 */
export async function failureOf(
  run: () => Promise<unknown> | undefined,
): Promise<{ error: Error; outcome: ReturnType<typeof classifyFailure> }> {
  const { error, exchanges } = await recordVendorCalls(run);
  expect(error).toBeInstanceOf(Error);
  const thrown = error as Error;
  return { error: thrown, outcome: classifyFailure(thrown, exchanges, new Date(), thrown.message) };
}

/** Calls the sandbox's admin surface: GETs `/__sandbox/<route>`, or POSTs `body` there as JSON. */
export async function sandboxAdmin(
  server: SandboxAddress,
  route: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}/__sandbox/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** The sandbox's state snapshot, in the vendor's own shape (`GET /__sandbox/state`). */
export async function sandboxState<State>(server: SandboxAddress): Promise<State> {
  return (await sandboxAdmin(server, 'state')) as State;
}

/** Loads vendor data into the sandbox (`POST /__sandbox/seed`). */
export async function seedSandbox(server: SandboxAddress, data: object): Promise<void> {
  await sandboxAdmin(server, 'seed', data);
}

/** The API requests the sandbox answered (`GET /__sandbox/requests`). */
export async function sandboxRequests(server: SandboxAddress): Promise<LoggedRequest[]> {
  return ((await sandboxAdmin(server, 'requests')) as { items: LoggedRequest[] }).items;
}

/** The sandbox's request log as `METHOD path status`: the full paths, which the audit trail masks. */
export async function sandboxLog(server: SandboxAddress): Promise<string[]> {
  return (await sandboxRequests(server)).map(
    (item) => `${item.method} ${item.path} ${item.status}`,
  );
}
