import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { TaskStatus } from '../../core/model.ts';

/**
 * The `service` dimension of every metric. Fixed, not read from POWERTOOLS_SERVICE_NAME:
 * the alarms in infra/constructs/hub-alarms.ts match it exactly.
 */
export const METRICS_SERVICE = 'dsr-hub';

/** Names of the hub's metrics; the alarms name the hub-wide ones. */
export const METRIC_NAMES = {
  taskAttempts: 'TaskAttempts',
  tasksAcknowledged: 'TasksAcknowledged',
  tasksAwaitingAck: 'TasksAwaitingAck',
  tasksNotApplicable: 'TasksNotApplicable',
  taskRetries: 'TaskRetries',
  tasksFailed: 'TasksFailed',
  attemptDuration: 'AttemptDuration',
  vendorCallLatency: 'VendorCallLatency',
  requestsOverdue: 'RequestsOverdue',
  requestsDueSoon: 'RequestsDueSoon',
} as const;

/** Which count a task's status after an attempt adds to; `pending` never follows an attempt. */
const OUTCOME_METRICS: Partial<Record<TaskStatus, string>> = {
  acknowledged: METRIC_NAMES.tasksAcknowledged,
  awaiting_ack: METRIC_NAMES.tasksAwaitingAck,
  not_applicable: METRIC_NAMES.tasksNotApplicable,
  retrying: METRIC_NAMES.taskRetries,
  failed: METRIC_NAMES.tasksFailed,
};

function newMetrics(integration?: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'DsrHub',
    serviceName: METRICS_SERVICE,
    ...(integration ? { defaultDimensions: { integration } } : {}),
  });
}

/**
 * Hub-wide metrics, dimension `service` only: what the alarms watch (TasksFailed,
 * RequestsOverdue, RequestsDueSoon). Published as EMF on stdout by {@link logHubMetrics};
 * silent when POWERTOOLS_METRICS_DISABLED=true (the local runner).
 */
export const metrics = newMetrics();

/**
 * One EMF buffer per integration, dimensions `service` and `integration`: an EMF line has one
 * value per dimension, and a partners worker serves several integrations in one batch.
 * Integration names come from configuration (a task that exists), never from a person.
 */
const integrationMetrics = new Map<string, Metrics>();

function metricsOf(integration: string): Metrics {
  let found = integrationMetrics.get(integration);
  if (!found) {
    found = newMetrics(integration);
    integrationMetrics.set(integration, found);
  }
  return found;
}

/**
 * X-Ray through Powertools. Off outside Lambda (no AWS_EXECUTION_ENV) or with
 * POWERTOOLS_TRACE_ENABLED=false. HTTP clients are not patched: vendor URLs carry emails and ids
 * in their query strings; vendor calls get a subsegment of their own from {@link traceVendorAction}.
 */
export const tracer = new Tracer({ serviceName: METRICS_SERVICE, captureHTTPsRequests: false });

/** An X-Ray subsegment, as Powertools hands it out (aws-xray-sdk-core is its dependency, not ours). */
type Subsegment = Parameters<Parameters<Tracer['provider']['captureAsyncFunc']>[1]>[0];

/** A claim on a task: one attempt at the vendor begins. */
export function recordTaskAttempt(integration: string): void {
  metricsOf(integration).addMetric(METRIC_NAMES.taskAttempts, MetricUnit.Count, 1);
}

/**
 * What one attempt came to: the task's status once the attempt was recorded (`retrying` when it
 * will be tried again, `failed` when it gave up), and how long the attempt held the task.
 * A failure also counts hub-wide, where the tasks-failed alarm looks.
 */
export function recordTaskOutcome(
  integration: string,
  status: TaskStatus,
  durationMs?: number,
): void {
  const name = OUTCOME_METRICS[status];
  const target = metricsOf(integration);
  if (name) target.addMetric(name, MetricUnit.Count, 1);
  if (status === 'failed') metrics.addMetric(METRIC_NAMES.tasksFailed, MetricUnit.Count, 1);
  if (durationMs !== undefined && durationMs >= 0) {
    target.addMetric(METRIC_NAMES.attemptDuration, MetricUnit.Milliseconds, durationMs);
  }
}

/** A task failed outside an attempt: dead-lettered, or rejected through its ack link. */
export function recordTaskFailed(integration: string): void {
  recordTaskOutcome(integration, 'failed');
}

/** The time from sending one HTTP request to a vendor to its response's headers. */
export function recordVendorCall(integration: string, latencyMs: number): void {
  metricsOf(integration).addMetric(
    METRIC_NAMES.vendorCallLatency,
    MetricUnit.Milliseconds,
    latencyMs,
  );
}

/**
 * Publishes, now, how many open requests are past their deadline and how many are close to it.
 * Gauges: the alarms take the maximum over five minutes.
 */
export function publishDeadlineGauges(overdue: number, dueSoon: number): void {
  metrics.addMetric(METRIC_NAMES.requestsOverdue, MetricUnit.Count, overdue);
  metrics.addMetric(METRIC_NAMES.requestsDueSoon, MetricUnit.Count, dueSoon);
  metrics.publishStoredMetrics();
}

/**
 * Writes every buffered metric as EMF. Buffers with nothing in them are skipped: Powertools warns
 * on every empty flush, even with metrics disabled.
 */
export function publishHubMetrics(): void {
  for (const target of [metrics, ...integrationMetrics.values()]) {
    if (target.hasStoredMetrics()) target.publishStoredMetrics();
  }
}

/**
 * Middy middleware that publishes the metrics an invocation recorded when it ends, as Powertools'
 * `logMetrics` does, for every integration's buffer and without its warning on empty ones.
 */
export function logHubMetrics() {
  return { after: publishHubMetrics, onError: publishHubMetrics };
}

/**
 * Runs one vendor action (and its read-back) in an X-Ray subsegment annotated with the integration
 * and the outcome's kind, nothing else: no arguments, no answers, no error messages.
 */
export async function traceVendorAction<T>(
  integration: string,
  action: () => Promise<T>,
  summarize: (result: T) => string,
): Promise<T> {
  if (!tracer.isTracingEnabled()) return action();
  return tracer.provider.captureAsyncFunc(`### ${integration}`, async (subsegment?: Subsegment) => {
    subsegment?.addAnnotation('integration', integration);
    try {
      const result = await action();
      subsegment?.addAnnotation('outcome', summarize(result));
      return result;
    } catch (error) {
      subsegment?.addErrorFlag();
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}
