import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Namespace and dimension of the EMF metrics the functions publish (Powertools Metrics). */
export const HUB_METRICS = {
  namespace: 'DsrHub',
  dimensions: { service: 'dsr-hub' },
  tasksFailed: 'TasksFailed',
  requestsOverdue: 'RequestsOverdue',
  requestsDueSoon: 'RequestsDueSoon',
} as const;

/** Props of {@link HubAlarms}. */
export interface HubAlarmsProps {
  /** Every alarm's name starts with it; the alarm topic's and key's policies trust exactly that prefix. */
  readonly namePrefix: string;
  readonly topic: ITopic;
}

/** Options of one alarm: it fires when the metric is at or above the threshold. */
export interface HubAlarmOptions {
  /** Suffix of the alarm name, e.g. `auth0-dlq-depth`. */
  readonly name: string;
  readonly description: string;
  readonly metric: IMetric;
  /** @default 1 */
  readonly threshold?: number;
  /** @default TreatMissingData.NOT_BREACHING: no data means nothing went wrong. */
  readonly treatMissingData?: TreatMissingData;
}

/** The hub's CloudWatch alarms; each notifies the alarm topic when it fires and when it recovers. */
export class HubAlarms extends Construct {
  public readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: HubAlarmsProps,
  ) {
    super(scope, id);
    this.action = new SnsAction(props.topic);
  }

  /** Adds one alarm at `threshold` or above, over one evaluation period. */
  add(options: HubAlarmOptions): Alarm {
    const alarm = new Alarm(this, options.name, {
      alarmName: `${this.props.namePrefix}-${options.name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Alarms on the hub's own business metrics: failed tasks, overdue and nearly due requests. */
  addBusinessAlarms(): void {
    this.add({
      name: 'tasks-failed',
      description:
        'A task gave up (status failed): it needs ops. See GET /v1/integrations, then redrive.',
      metric: hubMetric(HUB_METRICS.tasksFailed, 'Sum'),
    });
    this.add({
      name: 'requests-overdue',
      description:
        'A request is past its GDPR Art. 12(3) deadline: escalate to compliance now (GET /v1/requests?overdue=true).',
      metric: hubMetric(HUB_METRICS.requestsOverdue, 'Maximum'),
    });
    this.add({
      name: 'requests-due-soon',
      description: 'A request is close to its legal deadline and not yet completed.',
      metric: hubMetric(HUB_METRICS.requestsDueSoon, 'Maximum'),
    });
  }
}

function hubMetric(metricName: string, statistic: 'Sum' | 'Maximum'): Metric {
  return new Metric({
    namespace: HUB_METRICS.namespace,
    metricName,
    dimensionsMap: { ...HUB_METRICS.dimensions },
    statistic,
    period: Duration.minutes(5),
  });
}
