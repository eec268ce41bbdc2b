import { z } from 'zod';
import { RequestConflict, RequestNotFound, UnprocessableRequest } from '../../../core/errors.ts';
import { extendDeadline, redriveIntegration, retryTask } from '../../../core/operations.ts';
import { toRequestView } from '../../../core/request-view.ts';
import { smallJsonBody } from '../body.ts';
import { jsonResponse, Problem } from '../problem.ts';
import { fieldErrors } from '../request-schema.ts';
import type { Route, RouteContext } from '../router.ts';

function operationDeps({ deps }: RouteContext) {
  return { ...deps, pickupGraceMs: deps.config.pickupGraceMs };
}

function asProblem(error: unknown): never {
  if (error instanceof RequestNotFound) throw new Problem(404, error.message);
  if (error instanceof RequestConflict) throw new Problem(409, error.message);
  if (error instanceof UnprocessableRequest) throw new Problem(422, error.message, error.errors);
  throw error;
}

export const redriveRoute: Route = {
  method: 'POST',
  path: '/v1/integrations/{name}/redrive',
  roles: ['ops'],
  async handle(context) {
    const integration = context.params.name ?? '';
    if (!context.deps.enabled.has(integration)) {
      throw new Problem(404, `No enabled integration ${integration}`);
    }
    const redriven = await redriveIntegration(integration, operationDeps(context));
    return jsonResponse(202, { integration, redriven });
  },
};

export const retryTaskRoute: Route = {
  method: 'POST',
  path: '/v1/requests/{id}/tasks/{integration}/retry',
  roles: ['ops'],
  async handle(context) {
    try {
      const request = await retryTask(
        context.params.id ?? '',
        context.params.integration ?? '',
        operationDeps(context),
      );
      return jsonResponse(202, toRequestView(request, context.deps.clock.now()));
    } catch (error) {
      asProblem(error);
    }
  },
};

const extensionSchema = z.strictObject({
  months: z.union([z.literal(1), z.literal(2)]),
  reason: z.string().trim().min(3).max(1000),
});

export const extendRoute: Route = {
  method: 'POST',
  path: '/v1/requests/{id}/extension',
  roles: ['ops'],
  async handle(context) {
    const parsed = extensionSchema.safeParse(smallJsonBody(context.event, 8192, {}));
    if (!parsed.success) {
      throw new Problem(400, 'The extension does not match the schema', fieldErrors(parsed.error));
    }
    try {
      const request = await extendDeadline(
        context.params.id ?? '',
        parsed.data.months,
        parsed.data.reason,
        context.deps,
      );
      return jsonResponse(200, toRequestView(request, context.deps.clock.now()));
    } catch (error) {
      asProblem(error);
    }
  },
};
