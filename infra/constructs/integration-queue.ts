import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DLQ_HANDLER_TIMEOUT,
  MAX_RECEIVE_COUNT,
  type QueueKey,
  VISIBILITY_TIMEOUT_FACTOR,
  WORKER_TIMEOUT,
} from '../integration-catalogue.ts';

/** Props of {@link IntegrationQueue}. */
export interface IntegrationQueueProps {
  readonly key: QueueKey;
  /** e.g. `dsr-hub-dev`; the queue is `<prefix>-<key>`, its DLQ `<prefix>-<key>-dlq`. */
  readonly namePrefix: string;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** SQS keeps a message at most 14 days; the task itself lives on in DynamoDB. */
const MAX_RETENTION = Duration.days(14);

/** One integration's work queue and the dead-letter queue behind it. */
export class IntegrationQueue extends Construct {
  /** Carries the integration's tasks to its worker. */
  public readonly queue: Queue;
  /** Receives a message after {@link MAX_RECEIVE_COUNT} receives; drained by the DLQ handler. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: IntegrationQueueProps) {
    super(scope, id);
    const name = `${props.namePrefix}-${props.key}`;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${name}-dlq`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: MAX_RETENTION,
      visibilityTimeout: Duration.seconds(
        DLQ_HANDLER_TIMEOUT.toSeconds() * VISIBILITY_TIMEOUT_FACTOR,
      ),
      removalPolicy: props.removalPolicy,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: name,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: MAX_RETENTION,
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: props.removalPolicy,
    });
  }
}
