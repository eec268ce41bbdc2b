import type { Node } from 'constructs';
import { integrationQueueSpec, type QueueKey } from './integration-catalogue.ts';
import { isStageName, type StageName } from './stage-config.ts';

/** What a deployment chooses through CDK context (`-c key=value` or cdk.json). */
export interface DeploymentContext {
  /** `-c stage=dev|prod`. @default 'dev' */
  readonly stage: StageName;
  /**
   * `-c vendorBaseUrls='{"auth0":"https://sandbox.example"}'`: vendor API base URLs that replace the real
   * ones, for a staging deployment that talks to sandbox vendors. @default {}
   */
  readonly vendorBaseUrls: Partial<Record<QueueKey, string>>;
  /** `-c alarmEmail=ops@example.com`: subscribes that address to the alarm topic. @default none */
  readonly alarmEmail: string | undefined;
}

/** Reads and validates the deployment context, failing with the offending key's name. */
export function readDeploymentContext(node: Node): DeploymentContext {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!isStageName(stage)) {
    throw new Error(`Context "stage" must be "dev" or "prod", got "${stage}"`);
  }
  const alarmEmail = node.tryGetContext('alarmEmail');
  return {
    stage,
    vendorBaseUrls: parseVendorBaseUrls(node.tryGetContext('vendorBaseUrls')),
    alarmEmail: typeof alarmEmail === 'string' && alarmEmail !== '' ? alarmEmail : undefined,
  };
}

function parseVendorBaseUrls(raw: unknown): Partial<Record<QueueKey, string>> {
  if (raw === undefined || raw === null || raw === '') return {};
  // `-c key=value` always arrives as a string; cdk.json gives an object.
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('Context "vendorBaseUrls" must be a JSON object of integration → base URL');
  }
  const urls: Partial<Record<QueueKey, string>> = {};
  for (const [key, url] of Object.entries(value)) {
    const spec = integrationQueueSpec(key);
    if (typeof url !== 'string' || !/^https?:\/\/[^/]+\/?$/.test(url)) {
      throw new Error(
        `Context "vendorBaseUrls.${key}" must be a scheme and host, got ${JSON.stringify(url)}`,
      );
    }
    urls[spec.key] = url.replace(/\/$/, '');
  }
  return urls;
}
