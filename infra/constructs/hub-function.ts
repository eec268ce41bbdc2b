import { join } from 'node:path';
import { type Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { REPO_ROOT } from '../repo-root.ts';
import type { StageConfig } from '../stage-config.ts';

/** Props of {@link HubFunction}. */
export interface HubFunctionProps {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly functionName: string;
  readonly description: string;
  readonly config: StageConfig;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Retries of a failed asynchronous invocation (scheduled ones). @default 2, Lambda's default */
  readonly asyncRetryAttempts?: number;
}

/**
 * Item reads and writes by key and by index. No Scan, no transactions (ConditionCheckItem), no
 * DescribeTable: the design reaches every item through a key or an index, and the table exists
 * before any function runs.
 */
const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** What DynamoDB asks of a caller's permissions on a table's customer-managed key (as CDK's table grants). */
const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
];

/**
 * Lets CommonJS dependencies call `require` inside the ESM bundle (esbuild leaves their
 * `require('…')` of Node built-ins in place).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * One of the hub's Lambda functions, the same way every time: Node.js 22 on arm64, an ESM bundle
 * built by local esbuild, active tracing, JSON logs into its own log group with the stage's retention,
 * and a role that starts with nothing but writing to that log group.
 */
export class HubFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment },
      ...(props.asyncRetryAttempts === undefined
        ? {}
        : { retryAttempts: props.asyncRetryAttempts }),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Stack traces map back to file and line without shipping every dependency's source text.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The Node.js 22 runtime provides AWS SDK v3; everything else is bundled.
        externalModules: ['@aws-sdk/*'],
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        // Sizes are reported by infra/bundle-sizes.ts; keep synth output to warnings and errors.
        logLevel: LogLevel.WARNING,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so Lambda grants them on "*".',
    });
    Validations.of(this.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Only on the hub's one customer-managed key ARN: SQS SSE producers and DynamoDB need GenerateDataKey (CDK's standard encrypt/decrypt grant for queues and tables).",
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason:
          "Only on the hub's one customer-managed key ARN: part of the action set DynamoDB documents for callers of a CMK-encrypted table (CDK's standard table and queue grants).",
      },
    );
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the hub runs the same handlers on Node.js 22 locally (package.json engines, the pinned node devDependency); move both together.',
    });
  }

  /**
   * Lets the function read and write items of the table and query the named indexes: each index
   * by its own ARN rather than `index/*`.
   */
  grantTableReadWrite(table: ITable, indexNames: readonly string[]): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: TABLE_DATA_ACTIONS,
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    table.encryptionKey?.grant(this.role, ...TABLE_KEY_ACTIONS);
  }

  /**
   * Lets the function read one secret's current value. Not `secret.grantRead`: for a secret in
   * another stack under a customer-managed key, that names this role in the key's policy and so
   * makes the stateful stack depend on this one.
   */
  grantSecretRead(secret: ISecret): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [secret.secretArn],
      }),
    );
    secret.encryptionKey?.grantDecrypt(this.role);
  }
}
