import {
  Aws,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { IntegrationQueue } from './constructs/integration-queue.ts';
import { mapQueueKeys, type QueueKey } from './integration-catalogue.ts';
import { resourcePrefix, type StageConfig } from './stage-config.ts';

/** Props of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string | undefined;
}

/** Names of the table's global secondary indexes, shared with the stateless stack and tests. */
export const TABLE_INDEXES = {
  /** Newest-first request list and reports: `gsi1pk` / `gsi1sk`. */
  requestList: 'gsi1',
  /** Sparse: only requests not yet completed carry `openPk` / `openSk` (the reconciler's worklist). */
  openRequests: 'open',
} as const;

/**
 * Everything that holds data or identity and must outlive a redeploy of the functions:
 * the table (source of truth), the customer-managed key, one queue and DLQ per integration,
 * the secrets and the alarm topic.
 */
export class StatefulStack extends Stack {
  public readonly key: Key;
  public readonly table: Table;
  /** One work queue and DLQ per integration. */
  public readonly queues: Readonly<Record<QueueKey, IntegrationQueue>>;
  /** JSON: `HUB_INGEST_SECRET`, `HUB_OPS_TOKEN`, `HUB_COMPLIANCE_TOKEN`, `HUB_EMAIL_HASH_KEY`. */
  public readonly hubSecret: Secret;
  /** JSON per integration: that vendor's credential variables, e.g. `{"STRIPE_SECRET_KEY": "…"}`. */
  public readonly vendorSecrets: Readonly<Record<QueueKey, Secret>>;
  public readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = resourcePrefix(config.stage);

    this.key = new Key(this, 'DataKey', {
      alias: `alias/${prefix}`,
      description: `DSR Hub ${config.stage}: encrypts the table, queues, secrets and alarm topic`,
      enableKeyRotation: true,
      // Destroying the key would make the retained table and every backup unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.allowAlarmsToUseKey(prefix);

    this.table = new Table(this, 'Table', {
      tableName: prefix,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The table is the evidence of every erasure: never deleted with the stack, whatever the stage.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.requestList,
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.openRequests,
      partitionKey: { name: 'openPk', type: AttributeType.STRING },
      sortKey: { name: 'openSk', type: AttributeType.STRING },
    });

    this.queues = mapQueueKeys(
      (key) =>
        new IntegrationQueue(this, `Queue-${key}`, {
          key,
          namePrefix: prefix,
          encryptionKey: this.key,
          removalPolicy: config.removalPolicy,
        }),
    );

    this.hubSecret = this.placeholderSecret(
      'HubSecret',
      `dsr-hub/${config.stage}/hub`,
      'DSR Hub ingest secret, role tokens and email hash key (JSON: HUB_INGEST_SECRET, HUB_OPS_TOKEN, HUB_COMPLIANCE_TOKEN, HUB_EMAIL_HASH_KEY)',
      config,
    );
    this.vendorSecrets = mapQueueKeys((key) =>
      this.placeholderSecret(
        `VendorSecret-${key}`,
        `dsr-hub/${config.stage}/vendors/${key}`,
        `DSR Hub credentials for ${key} (JSON of its credential environment variables)`,
        config,
      ),
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      displayName: `DSR Hub ${config.stage} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowHubAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: alarmSourceConditions(prefix),
      }),
    );
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
  }

  /** CloudWatch must encrypt the alarm notification it publishes to the CMK-encrypted topic. */
  private allowAlarmsToUseKey(prefix: string): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowHubAlarmsToPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: alarmSourceConditions(prefix),
      }),
    );
  }

  /**
   * A secret created holding `{}`: its real values are set once with `put-secret-value` after the first
   * deploy and never appear in the template. CloudFormation leaves a value set outside it alone as long as
   * this placeholder does not change.
   */
  private placeholderSecret(
    id: string,
    secretName: string,
    description: string,
    config: StageConfig,
  ): Secret {
    const secret = new Secret(this, id, {
      secretName,
      description,
      encryptionKey: this.key,
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy: config.removalPolicy,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Values are issued by the vendors (API keys, OAuth client secrets) or by ops (role tokens, ingest secret) and rotated with them: no rotation Lambda can mint them. The functions re-read secrets every 5 minutes and accept several ingest secrets at once, so a rotation is put-secret-value without downtime.',
    });
    return secret;
  }
}

/** Limits the CloudWatch service principal to this account's alarms of this stage (confused deputy). */
function alarmSourceConditions(prefix: string): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: {
      'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${prefix}-*`,
    },
  };
}
