import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seededRandom } from '../../integrations/sandbox-kit/faults.ts';

/** How often DynamoDB refuses a call, and where the refusal lands. */
export interface ThrottlingPlan {
  seed: number;
  /** Share of attempts DynamoDB throttles; the SDK's own retries see these first. */
  throttled: number;
  /** Share of calls whose throttling outlasts the SDK's retries, so the hub's code sees it. */
  exhausted: number;
}

/** What was injected, by operation. */
export interface ThrottlingCounts {
  throttled: number;
  exhausted: number;
  byOperation: Record<string, number>;
}

export interface InstalledThrottling {
  counts: ThrottlingCounts;
  /** Stops injecting and takes the middleware off the client. */
  remove(): void;
}

const INSIDE = 'chaosDynamoThrottlingInsideRetries';
const OUTSIDE = 'chaosDynamoThrottlingOutsideRetries';

function throttlingError(random: () => number, operation: string): Error {
  const message = `injected: the level of configured provisioned throughput for ${operation} was exceeded`;
  const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
  return random() < 0.5
    ? new ProvisionedThroughputExceededException({ message, $metadata })
    : new ThrottlingException({ message, $metadata });
}

/**
 * Makes DynamoDB refuse calls the way it does under throttling, through the SDK's
 * middleware stack (shared by the document client and its DynamoDB client):
 * - after the retry middleware, so the SDK backs off and retries as it would on AWS;
 * - before it, for the calls whose throttling outlasts those retries: the hub's code gets
 *   `ProvisionedThroughputExceededException` / `ThrottlingException` itself.
 */
export function installDynamoThrottling(
  client: DynamoDBDocumentClient,
  plan: ThrottlingPlan,
): InstalledThrottling {
  const random = seededRandom(plan.seed);
  const counts: ThrottlingCounts = { throttled: 0, exhausted: 0, byOperation: {} };
  let active = true;
  const count = (kind: 'throttled' | 'exhausted', operation: string) => {
    counts[kind] += 1;
    counts.byOperation[operation] = (counts.byOperation[operation] ?? 0) + 1;
  };
  const stack = client.middlewareStack;
  type Middleware = Parameters<typeof stack.addRelativeTo>[0];
  const refusing = (kind: 'throttled' | 'exhausted') =>
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const operation = context.commandName ?? 'unknown';
        if (active && random() < plan[kind]) {
          count(kind, operation);
          throw throttlingError(random, operation);
        }
        return next(args);
      }) as unknown as Middleware;
  stack.addRelativeTo(refusing('throttled'), {
    name: INSIDE,
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    override: true,
  });
  stack.addRelativeTo(refusing('exhausted'), {
    name: OUTSIDE,
    relation: 'before',
    toMiddleware: 'retryMiddleware',
    override: true,
  });
  return {
    counts,
    remove() {
      active = false;
      stack.remove(INSIDE);
      stack.remove(OUTSIDE);
    },
  };
}
