import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueInspector } from '../../core/ports.ts';
import { queueKeyFor } from './sqs-work-queue.ts';

/** Queue depth for the integrations page: messages waiting plus in flight plus delayed. */
export class SqsQueueInspector implements QueueInspector {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrlPrefix: string,
  ) {}

  async depth(integration: string): Promise<number | null> {
    try {
      const result = await this.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${this.queueUrlPrefix}${queueKeyFor(integration)}`,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      const attributes = result.Attributes ?? {};
      return (
        Number(attributes.ApproximateNumberOfMessages ?? 0) +
        Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0)
      );
    } catch {
      // The page still shows counts when a queue cannot be read.
      return null;
    }
  }
}
