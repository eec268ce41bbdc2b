import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The deployment stages this app knows. */
export type StageName = 'dev' | 'prod';

/** Everything that differs between stages. */
export interface StageConfig {
  readonly stage: StageName;
  /** Retention of every function's and the API's log group. */
  readonly logRetention: RetentionDays;
  /** What happens to log groups, queues and secrets when their stack is deleted (the table is always retained). */
  readonly removalPolicy: RemovalPolicy;
  /** Steady-state requests per second the API's default stage accepts. */
  readonly apiRateLimit: number;
  /** Burst the API's default stage accepts. */
  readonly apiBurstLimit: number;
  /** Memory of the API function, in MB: more memory buys a faster cold start. */
  readonly apiMemoryMb: number;
}

const STAGES: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    logRetention: RetentionDays.TWO_WEEKS,
    removalPolicy: RemovalPolicy.DESTROY,
    apiRateLimit: 10,
    apiBurstLimit: 20,
    apiMemoryMb: 512,
  },
  prod: {
    stage: 'prod',
    logRetention: RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    apiRateLimit: 50,
    apiBurstLimit: 100,
    apiMemoryMb: 1024,
  },
};

/** Whether a string names a known stage. */
export function isStageName(value: string): value is StageName {
  return Object.hasOwn(STAGES, value);
}

/** The configuration of one stage. */
export function stageConfig(stage: StageName): StageConfig {
  return STAGES[stage];
}

/** The resource-name prefix every stage-owned resource shares, e.g. `dsr-hub-dev`. */
export function resourcePrefix(stage: StageName): string {
  return `dsr-hub-${stage}`;
}
