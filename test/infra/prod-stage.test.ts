import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedHub, synthesizeHub } from './hub-synth.ts';

describe('prod stage with a staging sandbox and an alarm address', () => {
  let hub: SynthesizedHub;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    hub = synthesizeHub({
      stage: 'prod',
      // As `-c vendorBaseUrls=…` delivers it: a JSON string.
      vendorBaseUrls: JSON.stringify({
        auth0: 'https://auth0-sandbox.example.test/',
        stripe: 'http://127.0.0.1:12111',
      }),
      alarmEmail: 'ops@example.test',
    });
    stateful = Template.fromStack(hub.stateful);
    stateless = Template.fromStack(hub.stateless);
  }, 120_000);

  afterAll(() => hub?.cleanup());

  it('names stacks and resources after the stage', () => {
    expect(hub.stateful.stackName).toBe('DsrHub-prod-Stateful');
    expect(hub.stateless.stackName).toBe('DsrHub-prod-Stateless');
    stateful.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'dsr-hub-prod' });
    stateful.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'dsr-hub-prod-auth0' });
    stateless.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'dsr-hub-prod-api' });
  });

  it('keeps logs 90 days and retains them, the queues and the secrets on stack deletion', () => {
    stateless.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    stateless.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    stateful.allResources('AWS::SQS::Queue', { DeletionPolicy: 'Retain' });
    stateful.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    expect(hub.stateful.terminationProtection).toBe(true);
  });

  it('throttles the API at the prod limits', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('points only the named workers at the sandbox vendors', () => {
    const environments = new Map(
      resourcesOfType(stateless, 'AWS::Lambda::Function').map(([, fn]) => {
        const properties = fn.Properties as {
          FunctionName: string;
          Environment: { Variables: Record<string, unknown> };
        };
        return [properties.FunctionName, properties.Environment.Variables];
      }),
    );
    expect(environments.get('dsr-hub-prod-worker-auth0')?.AUTH0_BASE_URL).toBe(
      'https://auth0-sandbox.example.test',
    );
    expect(environments.get('dsr-hub-prod-worker-stripe')?.STRIPE_BASE_URL).toBe(
      'http://127.0.0.1:12111',
    );
    for (const [name, variables] of environments) {
      const baseUrls = Object.keys(variables).filter((variable) => variable.endsWith('_BASE_URL'));
      if (name === 'dsr-hub-prod-worker-auth0') expect(baseUrls).toEqual(['AUTH0_BASE_URL']);
      else if (name === 'dsr-hub-prod-worker-stripe') expect(baseUrls).toEqual(['STRIPE_BASE_URL']);
      else expect(baseUrls, name).toEqual([]);
    }
  });

  it('subscribes the alarm address to the alarm topic', () => {
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.test',
      TopicArn: Match.anyValue(),
    });
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(hub.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
