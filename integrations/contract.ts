import type { Changes, RequestType, Subject } from '../core/model.ts';
import type { ActionOutcome, Verification } from '../core/outcome.ts';
import type { SandboxServer, SandboxServerOptions } from './sandbox-kit/server.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** What an action needs to know about the request it serves. */
export interface ActionInput {
  requestId: string;
  type: RequestType;
  subject: Subject;
  changes?: Changes;
  deadline: string;
  /** Set for tasks that wait for a person or partner: where they confirm. */
  ackUrl?: string;
  /** 0 for the first notification; n for the n-th reminder to a recipient who has not confirmed. */
  reminder?: number;
  now: Date;
}

/**
 * A `fetch` that the host hands to the vendor SDK: it waits for the vendor's rate
 * limit, applies the call timeout and the invocation's abort signal, and records
 * each response for the audit trail.
 */
export type VendorFetch = typeof fetch;

/**
 * A vendor's sandbox: an HTTP server speaking its documented API. The local runner
 * starts one for each integration that has no real credentials.
 */
export interface SandboxDefinition {
  integration: string;
  start(options?: SandboxServerOptions): Promise<SandboxServer>;
  /** Environment variables that make `configure` pick the sandbox at `baseUrl`. */
  env(baseUrl: string): Record<string, string>;
}

/**
 * What the hub knows about a subprocessor without loading its SDK: the API
 * function, the reconciler and the dashboard need only this.
 */
export interface IntegrationDescriptor<Config = unknown> {
  name: string;
  title: string;
  mode: 'automatic' | 'manual';
  supports: readonly RequestType[];
  /** The vendor's documented limit for the hub's calls, and the variable that overrides it. */
  rateLimit: { perSecond: number; envVar: string };
  /** Reads credentials from the environment; undefined when the integration is not configured. */
  configure(env: Env): Config | undefined;
  /**
   * Its URLs come from configuration, not from a vendor (webhook partners): the
   * host then sends through the SSRF guard, which refuses private addresses.
   */
  configuredTargets?: boolean;
}

/**
 * One subprocessor. The host does retries, rate limits, persistence and evidence;
 * an integration does only its vendor's calls. SDK errors may be thrown: the host
 * classifies them from the vendor's last HTTP answer.
 */
export interface Integration<Config = unknown, Client = unknown>
  extends IntegrationDescriptor<Config> {
  createClient(config: Config, fetch: VendorFetch): Client;
  erase?(client: Client, input: ActionInput): Promise<ActionOutcome>;
  rectify?(client: Client, input: ActionInput): Promise<ActionOutcome>;
  restrict?(client: Client, input: ActionInput): Promise<ActionOutcome>;
  /** Reads the vendor back after an acknowledged action. */
  verify?(client: Client, input: ActionInput): Promise<Verification>;
}
