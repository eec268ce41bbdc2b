import { listRequests } from '../../../core/request-list.ts';
import { toRequestView } from '../../../core/request-view.ts';
import { InvalidCursor } from '../../aws/dynamo-request-store.ts';
import { jsonResponse, Problem } from '../problem.ts';
import { listQuerySchema, parseQuery } from '../query.ts';
import type { Route } from '../router.ts';

export const listRequestsRoute: Route = {
  method: 'GET',
  path: '/v1/requests',
  roles: ['ops', 'compliance'],
  async handle({ event, deps }) {
    const { limit, cursor, ...filters } = parseQuery(listQuerySchema, event.queryStringParameters);
    const now = deps.clock.now();
    try {
      const page = await listRequests(deps.store, filters, {
        limit,
        cursor,
        now,
        emailHashKey: deps.secrets.emailHashKey,
      });
      return jsonResponse(200, {
        items: page.items.map((request) => toRequestView(request, now)),
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (error instanceof InvalidCursor) throw new Problem(400, error.message);
      throw error;
    }
  },
};
