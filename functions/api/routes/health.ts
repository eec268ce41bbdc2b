import { jsonResponse } from '../problem.ts';
import type { Route } from '../router.ts';

export const healthRoute: Route = {
  method: 'GET',
  path: '/healthz',
  roles: [],
  async handle() {
    return jsonResponse(200, { status: 'ok' });
  },
};
