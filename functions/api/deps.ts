import type { Clock, QueueInspector, RequestStore, WorkQueue } from '../../core/ports.ts';
import type { IntegrationDescriptor } from '../../integrations/contract.ts';
import type { HubConfig } from '../shared/config.ts';
import type { HubSecrets } from '../shared/secrets.ts';

/** Everything the API's routes need, built once per process. */
export interface ApiDeps {
  config: HubConfig;
  secrets: HubSecrets & { opsToken: string; complianceToken: string };
  store: RequestStore;
  queue: WorkQueue;
  clock: Clock;
  enabled: ReadonlyMap<string, IntegrationDescriptor>;
  queues: QueueInspector;
}
