import { jsonResponse, Problem } from '../problem.ts';
import type { Route } from '../router.ts';

/** The audit trail, oldest first (contract.md). */
export const getEventsRoute: Route = {
  method: 'GET',
  path: '/v1/requests/{id}/events',
  roles: ['ops', 'compliance'],
  async handle({ params, deps }) {
    const request = await deps.store.get(params.id ?? '');
    if (!request) throw new Problem(404, 'No request with this id');
    const items = request.events.map(({ at, type, integration, actor, vendorStatus, detail }) => ({
      at,
      type,
      integration: integration ?? null,
      actor,
      vendorStatus: vendorStatus ?? null,
      detail: detail ?? null,
    }));
    return jsonResponse(200, { items });
  },
};
