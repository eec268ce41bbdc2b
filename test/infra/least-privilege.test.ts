import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_QUEUES } from '../../infra/integration-catalogue.ts';
import { resourcesOfType, type SynthesizedHub, synthesizeHub } from './hub-synth.ts';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('least privilege and cdk-nag (dev)', () => {
  let hub: SynthesizedHub;
  /** Function name → the statements of its role's policy. */
  let statementsByFunction: Map<string, Statement[]>;

  beforeAll(() => {
    hub = synthesizeHub();
    const template = Template.fromStack(hub.stateless);
    const policiesByRole = new Map<string, Statement[]>();
    for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      const properties = policy.Properties as {
        Roles: Array<{ Ref: string }>;
        PolicyDocument: { Statement: Statement[] };
      };
      for (const role of properties.Roles) {
        policiesByRole.set(role.Ref, [
          ...(policiesByRole.get(role.Ref) ?? []),
          ...properties.PolicyDocument.Statement,
        ]);
      }
    }
    statementsByFunction = new Map(
      resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => {
        const properties = fn.Properties as {
          FunctionName: string;
          Role: { 'Fn::GetAtt': [string, string] };
        };
        return [
          properties.FunctionName,
          policiesByRole.get(properties.Role['Fn::GetAtt'][0]) ?? [],
        ];
      }),
    );
  }, 120_000);

  afterAll(() => hub?.cleanup());

  const actionsOf = (name: string) =>
    (statementsByFunction.get(name) ?? []).flatMap((statement) => asList(statement.Action));
  /** The distinct resources an action is allowed on. */
  const resourcesFor = (name: string, action: string) => {
    const resources = (statementsByFunction.get(name) ?? [])
      .filter((statement) => asList(statement.Action).includes(action))
      .flatMap((statement) => asList(statement.Resource));
    return [...new Set(resources.map((resource) => JSON.stringify(resource)))].map(
      (resource) => JSON.parse(resource) as unknown,
    );
  };

  it('grants no wildcard action (`*` or `service:*`) to any function', () => {
    expect(statementsByFunction.size).toBe(12);
    for (const [name, statements] of statementsByFunction) {
      for (const statement of statements) {
        for (const action of asList(statement.Action)) {
          expect(action, name).not.toBe('*');
          expect(action, name).not.toMatch(/^[\w-]+:\*$/);
        }
      }
    }
  });

  it('allows "Resource: *" only for X-Ray, which has no resource-level permissions', () => {
    for (const [name, statements] of statementsByFunction) {
      for (const statement of statements.filter((s) => asList(s.Resource).includes('*'))) {
        expect(
          asList(statement.Action).every((action) => action.startsWith('xray:')),
          name,
        ).toBe(true);
      }
    }
  });

  it('names each table index instead of granting index/*', () => {
    for (const [name] of statementsByFunction) {
      const resources = JSON.stringify(resourcesFor(name, 'dynamodb:Query'));
      expect(resources, name).toContain('/index/gsi1');
      expect(resources, name).toContain('/index/open');
      expect(resources, name).not.toContain('/index/*');
    }
  });

  it('lets a worker consume, postpone and re-send only its own queue, and read only its own vendor secret', () => {
    for (const { key } of INTEGRATION_QUEUES) {
      const name = `dsr-hub-dev-worker-${key}`;
      for (const action of [
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:SendMessage',
      ]) {
        const resources = resourcesFor(name, action);
        expect(resources, `${name} ${action}`).toHaveLength(1);
        expect(JSON.stringify(resources), `${name} ${action}`).toContain(
          `Queue${key.replaceAll('-', '')}Queue`,
        );
      }
      const secrets = JSON.stringify(resourcesFor(name, 'secretsmanager:GetSecretValue'));
      expect(secrets, name).toContain('HubSecret');
      for (const other of INTEGRATION_QUEUES) {
        const secretId = `VendorSecret${other.key.replaceAll('-', '')}`;
        if (other.key === key) expect(secrets, name).toContain(secretId);
        else expect(secrets, name).not.toContain(secretId);
      }
    }
  });

  it('lets the api send to every queue and read its depth, but never consume', () => {
    expect(resourcesFor('dsr-hub-dev-api', 'sqs:SendMessage')).toHaveLength(9);
    expect(resourcesFor('dsr-hub-dev-api', 'sqs:GetQueueAttributes')).toHaveLength(9);
    expect(actionsOf('dsr-hub-dev-api')).not.toContain('sqs:ReceiveMessage');
    expect(actionsOf('dsr-hub-dev-api')).not.toContain('sqs:DeleteMessage');
  });

  it('lets the reconciler send to every queue and read the hub secret, never consume', () => {
    expect(resourcesFor('dsr-hub-dev-reconciler', 'sqs:SendMessage')).toHaveLength(9);
    expect(actionsOf('dsr-hub-dev-reconciler')).not.toContain('sqs:ReceiveMessage');
    expect(
      JSON.stringify(resourcesFor('dsr-hub-dev-reconciler', 'secretsmanager:GetSecretValue')),
    ).toMatch(/^\[[^\]]*HubSecret[^\]]*\]$/);
  });

  it('lets the DLQ handler consume the nine DLQs only, and read no secret', () => {
    const consumed = resourcesFor('dsr-hub-dev-dlq', 'sqs:ReceiveMessage');
    expect(consumed).toHaveLength(9);
    expect(JSON.stringify(consumed)).not.toMatch(/Queue[a-z0-9]*Queue[0-9A-F]{8}Arn/);
    expect(actionsOf('dsr-hub-dev-dlq')).not.toContain('sqs:SendMessage');
    expect(actionsOf('dsr-hub-dev-dlq')).not.toContain('secretsmanager:GetSecretValue');
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(hub.app);
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('would report an unencrypted, HTTP-accepting queue (the check can fail)', () => {
    const app = new App();
    new Queue(new Stack(app, 'Careless'), 'Queue', { encryption: QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks().validateScope(app);
    const rules = report.violations.map((violation) => violation.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS4']));
    expect(report.violations.some((violation) => violation.severity === 'error')).toBe(true);
  });
});
