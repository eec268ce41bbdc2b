import { RequestConflict, UnprocessableRequest } from '../../../core/errors.ts';
import { submitRequest } from '../../../core/intake.ts';
import { toRequestView } from '../../../core/request-view.ts';
import {
  assertPublicUrl,
  isOutboundRefusal,
} from '../../../integrations/outbound/target-policy.ts';
import { bodyText } from '../body.ts';
import { jsonResponse, Problem } from '../problem.ts';
import { fieldErrors, submittedRequestSchema } from '../request-schema.ts';
import type { Route } from '../router.ts';
import { verifyDelivery } from '../signature.ts';

/** contract.md: bodies are at most 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A callback to a private or plain-http address could be turned against the hub's own network. */
function refuseUnsafeCallback(url: string, allowPrivate: boolean): void {
  try {
    assertPublicUrl(url, allowPrivate);
  } catch (error) {
    if (!isOutboundRefusal(error)) throw error;
    throw new Problem(422, 'The callback URL must be https to a public address', [
      { path: 'callbackUrl', message: (error as Error).message },
    ]);
  }
}

/**
 * `POST /v1/requests`: size, then signature, then media type, then JSON, then
 * schema, then what the hub can act on. Nothing is stored before all pass.
 */
export const submitRequestRoute: Route = {
  method: 'POST',
  path: '/v1/requests',
  roles: [],
  async handle({ event, deps }) {
    const body = bodyText(event);
    if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
      throw new Problem(413, `The body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    const { webhookId } = verifyDelivery(body, event.headers, deps.secrets.ingestSecrets);
    const mediaType = event.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new Problem(415, 'The body must be application/json');
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new Problem(400, 'The body is not valid JSON');
    }
    const parsed = submittedRequestSchema.safeParse(json);
    if (!parsed.success) {
      throw new Problem(400, 'The request does not match the schema', fieldErrors(parsed.error));
    }
    if (parsed.data.callbackUrl)
      refuseUnsafeCallback(parsed.data.callbackUrl, deps.config.allowPrivateTargets);
    try {
      const result = await submitRequest(parsed.data, webhookId, {
        ...deps,
        emailHashKey: deps.secrets.emailHashKey,
        pickupGraceMs: deps.config.pickupGraceMs,
      });
      const view = toRequestView(result.request, deps.clock.now());
      return jsonResponse(result.outcome === 'accepted' ? 202 : 200, view);
    } catch (error) {
      if (error instanceof RequestConflict)
        throw new Problem(409, error.message, undefined, { cause: error });
      if (error instanceof UnprocessableRequest) {
        throw new Problem(422, error.message, error.errors, { cause: error });
      }
      throw error;
    }
  },
};
