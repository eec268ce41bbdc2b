import { type CfnElement, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECEIVE_COUNT, QUEUE_KEYS } from '../../infra/integration-catalogue.ts';
import { resourcesOfType, type SynthesizedHub, synthesizeHub } from './hub-synth.ts';

describe('StatefulStack (dev)', () => {
  let hub: SynthesizedHub;
  let template: Template;
  let keyArn: unknown;

  beforeAll(() => {
    hub = synthesizeHub();
    template = Template.fromStack(hub.stateful);
    const keyId = hub.stateful.getLogicalId(hub.stateful.key.node.defaultChild as CfnElement);
    keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
  }, 120_000);

  afterAll(() => hub?.cleanup());

  it('has one queue and one DLQ per integration, named dsr-hub-<stage>-<key>[-dlq]', () => {
    template.resourceCountIs('AWS::SQS::Queue', 18);
    const names = resourcesOfType(template, 'AWS::SQS::Queue').map(
      ([, queue]) => queue.Properties?.QueueName,
    );
    expect(names.sort()).toEqual(
      QUEUE_KEYS.flatMap((key) => [`dsr-hub-dev-${key}`, `dsr-hub-dev-${key}-dlq`]).sort(),
    );
  });

  it('redrives every work queue to its own DLQ after 30 receives', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    const nameById = new Map(queues.map(([id, queue]) => [id, queue.Properties?.QueueName]));
    const workQueues = queues.filter(
      ([, queue]) => !String(queue.Properties?.QueueName).endsWith('-dlq'),
    );
    expect(workQueues).toHaveLength(9);
    for (const [, queue] of workQueues) {
      const redrive = queue.Properties?.RedrivePolicy as {
        deadLetterTargetArn: { 'Fn::GetAtt': [string, string] };
        maxReceiveCount: number;
      };
      expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
      const [dlqId] = redrive.deadLetterTargetArn['Fn::GetAtt'];
      expect(nameById.get(dlqId)).toBe(`${queue.Properties?.QueueName}-dlq`);
    }
  });

  it('keeps messages 14 days and hides a received one for 6x the worker timeout', () => {
    const fourteenDays = Duration.days(14).toSeconds();
    for (const [, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      expect(queue.Properties?.MessageRetentionPeriod).toBe(fourteenDays);
      const isDlq = String(queue.Properties?.QueueName).endsWith('-dlq');
      expect(queue.Properties?.VisibilityTimeout).toBe(isDlq ? 180 : 360);
    }
  });

  it('encrypts every queue with the customer-managed key and refuses plain HTTP', () => {
    for (const [, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      expect(queue.Properties?.KmsMasterKeyId).toEqual(keyArn);
    }
    template.resourceCountIs('AWS::SQS::QueuePolicy', 18);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keeps the table on demand, KMS-encrypted, point-in-time recoverable, protected and retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: 'dsr-hub-dev',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('indexes requests newest-first (gsi1) and open requests sparsely (open)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'open',
          KeySchema: [
            { AttributeName: 'openPk', KeyType: 'HASH' },
            { AttributeName: 'openSk', KeyType: 'RANGE' },
          ],
        }),
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'openPk', AttributeType: 'S' },
      ]),
    });
  });

  it('rotates the key and never deletes it', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  it('holds one hub secret and one secret per vendor, all under the key, none with a value in the template', () => {
    const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([, secret]) => secret.Properties?.Name).sort()).toEqual(
      ['dsr-hub/dev/hub', ...QUEUE_KEYS.map((key) => `dsr-hub/dev/vendors/${key}`)].sort(),
    );
    for (const [, secret] of secrets) {
      expect(secret.Properties?.KmsKeyId).toEqual(keyArn);
      expect(secret.Properties?.SecretString).toBe('{}');
    }
  });

  it("encrypts the alarm topic and lets only this stage's alarms publish to it", () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'dsr-hub-dev-alarms',
      KmsMasterKeyId: keyArn,
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({
              StringEquals: Match.anyValue(),
              ArnLike: Match.anyValue(),
            }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });
});
