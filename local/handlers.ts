import type { APIGatewayProxyEventV2, Context, ScheduledEvent } from 'aws-lambda';
import type { ApiHandler } from './http-adapter.ts';
import type { SqsHandler } from './queue-poller.ts';

/** The Lambda handlers the local runner invokes: the same modules AWS runs. */
export interface LambdaHandlers {
  api: ApiHandler;
  worker(queueKey: string): SqsHandler;
  dlq: SqsHandler;
  reconciler(event: ScheduledEvent, context: Context): Promise<unknown>;
}

/** Loads the handlers from source (tsx). */
export async function loadHandlers(_mode: 'source' | 'bundled'): Promise<LambdaHandlers> {
  const [api, worker, dlq, reconciler, registry] = await Promise.all([
    import('../functions/api/handler.ts'),
    import('../functions/worker/create-handler.ts'),
    import('../functions/dlq/handler.ts'),
    import('../functions/reconciler/handler.ts'),
    import('../integrations/registry.ts'),
  ]);
  const workers = new Map<string, SqsHandler>();
  return {
    api: (event: APIGatewayProxyEventV2, context: Context) => api.handler(event, context),
    worker(queueKey) {
      let handler = workers.get(queueKey);
      if (!handler) {
        const created = worker.createWorkerHandler(registry.resolveIntegration);
        handler = (event, context) => created(event, context);
        workers.set(queueKey, handler);
      }
      return handler;
    },
    dlq: (event, context) => dlq.handler(event, context),
    reconciler: (event, context) => reconciler.handler(event, context),
  };
}
