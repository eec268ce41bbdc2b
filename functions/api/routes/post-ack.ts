import { z } from 'zod';
import { type AckDecision, recordAck } from '../../../core/acknowledge.ts';
import { RequestConflict, RequestNotFound } from '../../../core/errors.ts';
import { recordTaskFailed } from '../../shared/observability.ts';
import { smallJsonBody } from '../body.ts';
import { jsonResponse, Problem } from '../problem.ts';
import { fieldErrors } from '../request-schema.ts';
import type { Route } from '../router.ts';

const decisionSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('completed') }),
  z.strictObject({ status: z.literal('rejected'), reason: z.string().min(1).max(1000) }),
]);

/** `POST /v1/acks/{token}`: the token is the credential; each can be used once. */
export const postAckRoute: Route = {
  method: 'POST',
  path: '/v1/acks/{token}',
  roles: [],
  async handle({ event, params, deps }) {
    const parsed = decisionSchema.safeParse(smallJsonBody(event, 4096, { status: 'completed' }));
    if (!parsed.success)
      throw new Problem(400, 'The answer does not match the schema', fieldErrors(parsed.error));
    try {
      const ref = await recordAck(params.token ?? '', parsed.data as AckDecision, deps);
      if (parsed.data.status === 'rejected') recordTaskFailed(ref.integration);
      return jsonResponse(200, {
        requestId: ref.requestId,
        integration: ref.integration,
        status: parsed.data.status,
      });
    } catch (error) {
      if (error instanceof RequestNotFound) throw new Problem(404, error.message);
      if (error instanceof RequestConflict) throw new Problem(409, error.message);
      throw error;
    }
  },
};
