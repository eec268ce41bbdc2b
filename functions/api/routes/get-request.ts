import { toRequestView } from '../../../core/request-view.ts';
import { jsonResponse, Problem } from '../problem.ts';
import type { Route } from '../router.ts';

export const getRequestRoute: Route = {
  method: 'GET',
  path: '/v1/requests/{id}',
  roles: ['ops', 'compliance'],
  async handle({ params, deps }) {
    const request = await deps.store.get(params.id ?? '');
    if (!request) throw new Problem(404, 'No request with this id');
    return jsonResponse(200, toRequestView(request, deps.clock.now()));
  },
};
