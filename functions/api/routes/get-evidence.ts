import { buildEvidencePack } from '../../../core/evidence-pack.ts';
import { jsonResponse, Problem } from '../problem.ts';
import type { Route } from '../router.ts';

export const getEvidenceRoute: Route = {
  method: 'GET',
  path: '/v1/requests/{id}/evidence',
  roles: ['compliance', 'ops'],
  async handle({ params, deps }) {
    const request = await deps.store.get(params.id ?? '');
    if (!request) throw new Problem(404, 'No request with this id');
    return jsonResponse(200, buildEvidencePack(request, deps.clock.now()));
  },
};
