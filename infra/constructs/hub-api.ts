import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resourcePrefix, type StageConfig } from '../stage-config.ts';

/** Props of {@link HubApi}. */
export interface HubApiProps {
  readonly config: StageConfig;
  /** The api function: every route goes to it. */
  readonly handler: IFunction;
}

/**
 * Access-log fields. The path is left out on purpose: `/v1/acks/{token}` carries a bearer
 * token, and no log may hold one.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

/**
 * The hub's public HTTP API: API Gateway v2 in front of the api function, one `$default` stage
 * with throttling and JSON access logs.
 */
export class HubApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    const { config } = props;
    const prefix = resourcePrefix(config.stage);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: prefix,
      description: 'DSR Hub: request intake (signed), ops and compliance API, dashboard',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('ApiHandler', props.handler);
    this.httpApi.addRoutes({ path: '/', methods: [HttpMethod.GET], integration });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${prefix}-access`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is per route inside the api function: intake is verified by its Standard Webhooks signature, ops and compliance by bearer tokens (contract.md), acks by single-use tokens; GET / and /healthz are public by contract.',
    });
  }

  /** The API's base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /** Server-side (5xx) responses of the API, summed over five minutes. */
  metricServerErrors() {
    return this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
  }
}
