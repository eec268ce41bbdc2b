import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { systemClock } from '../../core/ports.ts';
import { enabledDescriptors } from '../../integrations/catalog.ts';
import { documentClient, sqsClient } from '../aws/clients.ts';
import { DynamoRequestStore } from '../aws/dynamo-request-store.ts';
import { SqsQueueInspector } from '../aws/sqs-queue-inspector.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { readHubConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { logHubMetrics, tracer } from '../shared/observability.ts';
import { loadHubSecrets, withVendorSecrets } from '../shared/secrets.ts';
import type { ApiDeps } from './deps.ts';
import { problemAnswers } from './problem-middleware.ts';
import { compileRoutes, dispatch } from './router.ts';
import { ackPageRoute } from './routes/ack-page.ts';
import { acknowledgementReportRoute } from './routes/acknowledgement-report.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { getEventsRoute } from './routes/get-events.ts';
import { getEvidenceRoute } from './routes/get-evidence.ts';
import { getRequestRoute } from './routes/get-request.ts';
import { healthRoute } from './routes/health.ts';
import { listIntegrationsRoute } from './routes/list-integrations.ts';
import { listRequestsRoute } from './routes/list-requests.ts';
import { extendRoute, redriveRoute, retryTaskRoute } from './routes/operations.ts';
import { postAckRoute } from './routes/post-ack.ts';
import { submitRequestRoute } from './routes/submit-request.ts';
import { whoAmIRoute } from './routes/whoami.ts';

const routes = compileRoutes([
  healthRoute,
  whoAmIRoute,
  submitRequestRoute,
  listRequestsRoute,
  getRequestRoute,
  getEventsRoute,
  getEvidenceRoute,
  retryTaskRoute,
  extendRoute,
  listIntegrationsRoute,
  redriveRoute,
  acknowledgementReportRoute,
  postAckRoute,
  ackPageRoute,
  ...dashboardRoutes,
]);

let deps: Promise<ApiDeps> | undefined;

/** Builds the API's dependencies from the environment, once per process. */
export async function createApiDeps(processEnv: NodeJS.ProcessEnv): Promise<ApiDeps> {
  const env = await withVendorSecrets(processEnv);
  const config = readHubConfig(env);
  return {
    config,
    secrets: await loadHubSecrets(env),
    store: new DynamoRequestStore(documentClient(), config.table),
    queue: new SqsWorkQueue(sqsClient(), config.queueUrlPrefix),
    clock: systemClock,
    enabled: enabledDescriptors(env),
    queues: new SqsQueueInspector(sqsClient(), config.queueUrlPrefix),
  };
}

async function handleApiRequest(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  deps ??= createApiDeps(process.env);
  return dispatch(routes, event, await deps);
}

/** The HTTP API: API Gateway v2 events in, responses out; errors become problem+json. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(logHubMetrics())
  .use(problemAnswers(logger))
  .handler(handleApiRequest);
