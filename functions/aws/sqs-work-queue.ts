import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TaskMessage, WorkQueue } from '../../core/ports.ts';

/** SQS's longest DelaySeconds; longer waits use message visibility or the reconciler. */
const MAX_DELAY_SECONDS = 900;

/** Integrations that share one queue: every webhook partner goes through `partners`. */
export function queueKeyFor(integration: string): string {
  return integration.startsWith('partner:') ? 'partners' : integration;
}

/** Sends task messages to one queue per integration, named `<prefix><key>`. */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrlPrefix: string,
  ) {}

  queueUrl(integration: string): string {
    return `${this.queueUrlPrefix}${queueKeyFor(integration)}`;
  }

  async send(message: TaskMessage, delaySeconds = 0): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl(message.integration),
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(delaySeconds))),
      }),
    );
  }
}
