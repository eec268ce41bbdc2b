import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureBundles } from '../../infra/bundle-sizes.ts';
import { INTEGRATION_QUEUES, workerMaxConcurrency } from '../../infra/integration-catalogue.ts';
import { REPO_ROOT } from '../../infra/repo-root.ts';
import { resourcesOfType, type SynthesizedHub, synthesizeHub } from './hub-synth.ts';

type FunctionProperties = {
  FunctionName: string;
  Runtime: string;
  Architectures: string[];
  Timeout: number;
  MemorySize: number;
  TracingConfig: { Mode: string };
  LoggingConfig: { LogGroup: unknown; LogFormat: string };
  Environment: { Variables: Record<string, unknown> };
};

const REQUIRED_ENVIRONMENT = [
  'HUB_TABLE',
  'HUB_QUEUE_URL_PREFIX',
  'HUB_STAGE',
  'HUB_SECRETS_ARN',
  'HUB_VENDOR_SECRETS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_TRACER_CAPTURE_ERROR',
  'NODE_OPTIONS',
];

describe('StatelessStack (dev)', () => {
  let hub: SynthesizedHub;
  let template: Template;
  let functions: Map<string, FunctionProperties>;
  let functionNameById: Map<string, string>;

  beforeAll(() => {
    hub = synthesizeHub();
    template = Template.fromStack(hub.stateless);
    const entries = resourcesOfType(template, 'AWS::Lambda::Function').map(
      ([id, fn]) => [id, fn.Properties as FunctionProperties] as const,
    );
    functions = new Map(entries.map(([, props]) => [props.FunctionName, props]));
    functionNameById = new Map(entries.map(([id, props]) => [id, props.FunctionName]));
  }, 120_000);

  afterAll(() => hub?.cleanup());

  it('deploys the api, one worker per integration, the DLQ handler and the reconciler', () => {
    expect([...functions.keys()].sort()).toEqual(
      [
        'dsr-hub-dev-api',
        'dsr-hub-dev-dlq',
        'dsr-hub-dev-reconciler',
        ...INTEGRATION_QUEUES.map(({ key }) => `dsr-hub-dev-worker-${key}`),
      ].sort(),
    );
  });

  it('runs every function on Node.js 22, arm64, traced, logging JSON to its own log group', () => {
    for (const fn of functions.values()) {
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.TracingConfig.Mode).toBe('Active');
      expect(fn.LoggingConfig.LogFormat).toBe('JSON');
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 13);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('gives every function the hub environment; the URL of the API to all but the api itself', () => {
    for (const [name, fn] of functions) {
      const variables = fn.Environment.Variables;
      for (const variable of REQUIRED_ENVIRONMENT)
        expect(variables, `${name} ${variable}`).toHaveProperty(variable);
      expect(variables.HUB_STAGE).toBe('dev');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('dsr-hub');
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('DsrHub');
      expect(variables.POWERTOOLS_TRACER_CAPTURE_ERROR).toBe('false');
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(JSON.stringify(variables.HUB_QUEUE_URL_PREFIX)).toContain('/dsr-hub-dev-');
      if (name === 'dsr-hub-dev-api') expect(variables).not.toHaveProperty('HUB_PUBLIC_URL');
      else expect(variables).toHaveProperty('HUB_PUBLIC_URL');
    }
  });

  it('hands each worker its own vendor secret and no other', () => {
    for (const { key } of INTEGRATION_QUEUES) {
      const fn = functions.get(`dsr-hub-dev-worker-${key}`);
      const secrets = JSON.stringify(fn?.Environment.Variables.HUB_VENDOR_SECRETS);
      expect(secrets).toContain(`{\\"${key}\\":\\"`);
      for (const other of INTEGRATION_QUEUES.filter((spec) => spec.key !== key)) {
        expect(secrets).not.toContain(`\\"${other.key}\\"`);
      }
    }
    expect(functions.get('dsr-hub-dev-dlq')?.Environment.Variables.HUB_VENDOR_SECRETS).toBe('{}');
    expect(functions.get('dsr-hub-dev-reconciler')?.Environment.Variables.HUB_VENDOR_SECRETS).toBe(
      '{}',
    );
  });

  it('reports batch item failures on every event source mapping', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 18);
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it("caps each worker's concurrency by its vendor's rate limit (at least 2) and batches for 1 s", () => {
    for (const spec of INTEGRATION_QUEUES) {
      const [workerId] =
        [...functionNameById].find(([, name]) => name === `dsr-hub-dev-worker-${spec.key}`) ?? [];
      const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
        ([, mapping]) =>
          JSON.stringify(mapping.Properties?.FunctionName) === JSON.stringify({ Ref: workerId }),
      );
      expect(mappings, spec.key).toHaveLength(1);
      expect(mappings[0]?.[1].Properties).toMatchObject({
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 1,
        ScalingConfig: { MaximumConcurrency: workerMaxConcurrency(spec) },
      });
      expect(workerMaxConcurrency(spec)).toBeGreaterThanOrEqual(2);
      const worker = functions.get(`dsr-hub-dev-worker-${spec.key}`);
      expect(worker).toMatchObject({ Timeout: 60, MemorySize: 512 });
    }
  });

  it('drains all nine DLQs into the one DLQ handler', () => {
    const [dlqId] = [...functionNameById].find(([, name]) => name === 'dsr-hub-dev-dlq') ?? [];
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) =>
        JSON.stringify(mapping.Properties?.FunctionName) === JSON.stringify({ Ref: dlqId }),
    );
    expect(mappings).toHaveLength(9);
    for (const [, mapping] of mappings) {
      expect(JSON.stringify(mapping.Properties?.EventSourceArn)).toContain('DeadLetterQueue');
    }
  });

  it('routes GET / and ANY /{proxy+} to the api function on a throttled, access-logged $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /{proxy+}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });

  it('keeps ack tokens out of the access log', () => {
    const stage = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0]?.[1];
    const settings = stage?.Properties?.AccessLogSettings as { Format: string } | undefined;
    expect(settings?.Format).toContain('$context.requestId');
    const format = settings?.Format;
    expect(format).not.toContain('$context.path');
  });

  it('runs the reconciler every minute without retrying a missed tick', () => {
    const [reconcilerId] =
      [...functionNameById].find(([, name]) => name === 'dsr-hub-dev-reconciler') ?? [];
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [reconcilerId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: reconcilerId },
      MaximumRetryAttempts: 0,
    });
  });

  it('alarms on every DLQ, on failed tasks and overdue requests, on function errors and API 5xx', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9 + 3 + 12 + 1);
    for (const { key } of INTEGRATION_QUEUES) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `dsr-hub-dev-${key}-dlq-depth`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    for (const metricName of ['TasksFailed', 'RequestsOverdue', 'RequestsDueSoon']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'DsrHub',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'dsr-hub' }],
      });
    }
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('^dsr-hub-dev-'),
      AlarmActions: [Match.anyValue()],
      OKActions: [Match.anyValue()],
      TreatMissingData: 'notBreaching',
    });
  });

  it('bundles every function as minified ESM with a require shim and a source map', () => {
    const bundles = measureBundles(hub.outdir);
    expect(bundles.map((bundle) => bundle.functionName).sort()).toEqual(
      [...functions.keys()].sort(),
    );
    for (const bundle of bundles) {
      expect(bundle.codeBytes, bundle.functionName).toBeGreaterThan(0);
      expect(bundle.sourceMapBytes, bundle.functionName).toBeGreaterThan(0);
      const code = readFileSync(join(hub.outdir, bundle.assetDirectory, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
    }
  });

  it('loads every bundle as an ES module on Node.js 22 and finds its handler', () => {
    // The SDK the runtime provides comes from the repository's node_modules here.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(hub.outdir, 'node_modules'), 'dir');
    const urls = measureBundles(hub.outdir).map(
      (bundle) => pathToFileURL(join(hub.outdir, bundle.assetDirectory, 'index.mjs')).href,
    );
    const script = `for (const url of ${JSON.stringify(urls)}) {
      const module = await import(url);
      console.log(typeof module.handler);
    }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        HUB_TABLE: 'hub',
        HUB_QUEUE_URL_PREFIX: 'x',
      },
    });
    expect(result.stderr).toBe('');
    expect(process.versions.node.split('.')[0]).toBe('22');
    expect(result.stdout.trim().split('\n')).toEqual(urls.map(() => 'function'));
  });

  it('leaves the AWS SDK to the runtime', () => {
    const api = measureBundles(hub.outdir).find(
      (bundle) => bundle.functionName === 'dsr-hub-dev-api',
    );
    const code = readFileSync(join(hub.outdir, String(api?.assetDirectory), 'index.mjs'), 'utf8');
    expect(code).toMatch(/from\s*["']@aws-sdk\/client-dynamodb["']/);
  });
});
