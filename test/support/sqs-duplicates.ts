import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createWorkerHandler } from '../../functions/worker/create-handler.ts';
import { resolveIntegration } from '../../integrations/registry.ts';
import type { RunningHub } from '../../local/hub.ts';
import { QueuePoller } from '../../local/queue-poller.ts';

/** The hub's SQS, reached from the test as another producer or consumer would. */
export function hubSqsClient(hub: RunningHub): SQSClient {
  return new SQSClient({
    endpoint: hub.env.AWS_ENDPOINT_URL_SQS,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

function queueUrl(hub: RunningHub, integration: string): string {
  return `${hub.env.HUB_QUEUE_URL_PREFIX}${integration}`;
}

/**
 * Sends a task's message once more, as SQS's at-least-once delivery (or a producer that
 * retried a send whose answer it lost) does: the same body under a new message id,
 * possibly later than the first.
 */
export async function sendDuplicate(
  client: SQSClient,
  hub: RunningHub,
  message: { requestId: string; integration: string },
  delaySeconds: number,
): Promise<void> {
  await client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(hub, message.integration),
      MessageBody: JSON.stringify(message),
      DelaySeconds: delaySeconds,
    }),
  );
}

/**
 * A second worker fleet on the same queues, the way Lambda runs several instances of one
 * function: duplicates of one task can then be in two invocations at once.
 */
export function startRivalWorkers(
  hub: RunningHub,
  client: SQSClient,
  integrations: readonly string[],
): { stop(): Promise<void> } {
  const pollers = integrations.map((integration) => {
    const handler = createWorkerHandler(resolveIntegration);
    return new QueuePoller({
      client,
      queueUrl: queueUrl(hub, integration),
      handler: (event, context) => handler(event, context),
      functionName: `dsr-hub-worker-${integration}-rival`,
      timeoutMs: 30_000,
      concurrency: 1,
    });
  });
  for (const poller of pollers) poller.start();
  return {
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}
