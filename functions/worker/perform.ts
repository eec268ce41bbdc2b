import { createHmac } from 'node:crypto';
import { classifyFailure } from '../../core/failure.ts';
import { redactIdentifiers, subjectIdentifiers } from '../../core/masking.ts';
import type { ActionOutcome, Verification } from '../../core/outcome.ts';
import type { RateLimiter } from '../../core/ports.ts';
import type { ActionPerformer, PerformedAction } from '../../core/task-runner.ts';
import { type VendorExchange, withVendorCallScope } from '../../core/vendor-call.ts';
import { createVendorFetch } from '../../core/vendor-fetch.ts';
import type { ActionInput, Env, Integration } from '../../integrations/contract.ts';
import { outboundFetchFromEnv } from '../../integrations/outbound/outbound-fetch.ts';
import type { HubConfig } from '../shared/config.ts';
import { numberEnv } from '../shared/env.ts';
import { traceVendorAction } from '../shared/observability.ts';
import { timeVendorCalls } from './vendor-call-timing.ts';

export type IntegrationResolver = (name: string, env: Env) => Integration | undefined;

const ACTIONS = { erasure: 'erase', rectification: 'rectify', restriction: 'restrict' } as const;

/** Clients live as long as the process, so SDK token caches survive across invocations. */
const clients = new Map<string, unknown>();

function clientFor(integration: Integration, env: Env, config: HubConfig, limiter: RateLimiter) {
  const settings = integration.configure(env);
  if (settings === undefined) return undefined;
  const cacheKey = `${integration.name}\n${JSON.stringify(settings)}`;
  const cached = clients.get(cacheKey);
  if (cached !== undefined) return cached;
  const fetch = createVendorFetch({
    key: integration.name,
    perSecond: numberEnv(env, integration.rateLimit.envVar, integration.rateLimit.perSecond),
    limiter,
    timeoutMs: config.callTimeoutMs,
    maxQueueMs: config.rateLimitWaitMs,
    fetch: timeVendorCalls(
      integration.name,
      integration.configuredTargets ? outboundFetchFromEnv(env) : globalThis.fetch,
    ),
  });
  const client = integration.createClient(settings, fetch);
  clients.set(cacheKey, client);
  return client;
}

/**
 * Runs integrations' actions for the task runner: picks the action for the
 * request type, ties every vendor call to the invocation's abort signal, turns
 * thrown SDK errors into retry or failure, reads the vendor back after an
 * acknowledgement, and scrubs the subject's identifiers from every message.
 */
export function createPerformer(options: {
  resolve: IntegrationResolver;
  env: Env;
  config: HubConfig;
  limiter: RateLimiter;
  signal: AbortSignal;
  now: () => Date;
  /** HMAC key from which ack tokens are derived. */
  ackKey: string;
}): ActionPerformer {
  return {
    ackToken(requestId, integration, generation) {
      return createHmac('sha256', options.ackKey)
        .update(`ack\n${requestId}\n${integration}\n${generation}`)
        .digest('base64url');
    },
    needsAck(name) {
      return options.resolve(name, options.env)?.mode === 'manual';
    },
    async perform(request, name, ackUrl, onConfirmedChange) {
      const integration = options.resolve(name, options.env);
      if (!integration) return refused(`${name} is not available to this worker`);
      if (!request.subject) return refused('the subject was purged before the task ran');
      const client = clientFor(integration, options.env, options.config, options.limiter);
      if (client === undefined) return refused(`${name} has no credentials configured`);
      const action = integration[ACTIONS[request.type]];
      if (!action) {
        return {
          outcome: {
            kind: 'not_applicable',
            reason: `${integration.title} has no ${request.type} action`,
          },
          exchanges: [],
        };
      }
      const input: ActionInput = {
        requestId: request.id,
        type: request.type,
        subject: request.subject,
        changes: request.changes,
        deadline: request.deadline,
        ackUrl,
        reminder: request.tasks[name]?.reminders ?? 0,
        now: options.now(),
      };
      const identifiers = subjectIdentifiers({
        email: request.subject.email,
        ids: { ...request.subject.ids, ...request.changes },
      });
      const scrub = (text: string) => redactIdentifiers(text, identifiers);
      const exchanges: VendorExchange[] = [];

      const acted = await traceVendorAction(
        integration.name,
        () =>
          attempt(
            () => action.call(integration, client, input),
            { signal: options.signal, onConfirmedChange },
            exchanges,
          ),
        (result) => ('error' in result ? 'error' : result.value.kind),
      );
      let outcome: ActionOutcome =
        'error' in acted
          ? classifyFailure(acted.error, exchanges, options.now(), scrub(errorMessage(acted.error)))
          : acted.value;
      let verification: Verification | undefined;
      if (outcome.kind === 'acknowledged' && integration.verify) {
        const verified = await traceVendorAction(
          integration.name,
          () =>
            attempt(
              () => integration.verify?.(client, input) as Promise<Verification>,
              options,
              exchanges,
            ),
          (result) => ('error' in result ? 'error' : `verify ${result.value.kind}`),
        );
        if ('error' in verified) {
          outcome = {
            ...classifyFailure(
              verified.error,
              exchanges,
              options.now(),
              scrub(errorMessage(verified.error)),
            ),
            kind: 'retry',
          };
        } else {
          verification = verified.value;
        }
      }
      return {
        outcome: scrubOutcome(outcome, scrub),
        verification: scrubVerification(verification, scrub),
        exchanges,
      };
    },
  };
}

async function attempt<T>(
  fn: () => Promise<T>,
  options: {
    signal: AbortSignal;
    onConfirmedChange?: (exchange: VendorExchange) => Promise<void>;
  },
  exchanges: VendorExchange[],
): Promise<{ value: T } | { error: unknown }> {
  try {
    return {
      value: await withVendorCallScope(options.signal, exchanges, fn, options.onConfirmedChange),
    };
  } catch (error) {
    return { error };
  }
}

function refused(error: string): PerformedAction {
  return { outcome: { kind: 'failed', error }, exchanges: [] };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return 'unknown error';
}

function scrubOutcome(outcome: ActionOutcome, scrub: (text: string) => string): ActionOutcome {
  switch (outcome.kind) {
    case 'retry':
    case 'failed':
      return { ...outcome, error: scrub(outcome.error) };
    case 'not_applicable':
      return { ...outcome, reason: scrub(outcome.reason) };
    default:
      return {
        ...outcome,
        evidence: { ...outcome.evidence, detail: scrub(outcome.evidence.detail) },
      };
  }
}

function scrubVerification(
  verification: Verification | undefined,
  scrub: (text: string) => string,
): Verification | undefined {
  if (!verification) return undefined;
  if (verification.kind === 'unverifiable')
    return { ...verification, reason: scrub(verification.reason) };
  return { ...verification, detail: scrub(verification.detail) };
}
