import { jsonResponse } from '../problem.ts';
import type { Route } from '../router.ts';

/** `GET /v1/me`: the role a token carries, so a client can show only what it may do. */
export const whoAmIRoute: Route = {
  method: 'GET',
  path: '/v1/me',
  roles: ['ops', 'compliance'],
  async handle({ role }) {
    return jsonResponse(200, { role });
  },
};
