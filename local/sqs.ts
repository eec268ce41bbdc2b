import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';

export interface LocalSqs {
  endpoint: string;
  close(): Promise<void>;
}

/** fauxqs: an SQS-wire emulator; with `dataDir` its messages survive a restart (SQLite). */
export async function startLocalSqs(dataDir: string | undefined): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, dataDir });
  return { endpoint: `http://127.0.0.1:${server.port}`, close: () => server.stop() };
}

/** Settings that mirror infra's queues, scaled to a local worker's timeout. */
export interface QueueSettings {
  /** Queue `k` is at `urlPrefix + k`, its DLQ at `urlPrefix + k + '-dlq'`. */
  urlPrefix: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

/** Creates (idempotently) one queue and DLQ per integration key, as infra does. */
export async function ensureQueues(
  client: SQSClient,
  keys: readonly string[],
  settings: QueueSettings,
): Promise<void> {
  const name = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  for (const key of keys) {
    const dlqUrl = `${settings.urlPrefix}${key}-dlq`;
    await client.send(
      new CreateQueueCommand({
        QueueName: name(dlqUrl),
        Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
      }),
    );
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    await client.send(
      new CreateQueueCommand({
        QueueName: name(`${settings.urlPrefix}${key}`),
        Attributes: {
          VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(14 * 24 * 3600),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: attributes.Attributes?.QueueArn,
            maxReceiveCount: settings.maxReceiveCount,
          }),
        },
      }),
    );
  }
}
