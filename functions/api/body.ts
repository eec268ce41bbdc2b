import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Problem } from './problem.ts';

/** The request body as text, however API Gateway encoded it. */
export function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** A small JSON body for ops and ack answers: too large is 413, not JSON is 400, empty is `whenEmpty`. */
export function smallJsonBody(
  event: APIGatewayProxyEventV2,
  maxBytes: number,
  whenEmpty: unknown,
): unknown {
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new Problem(413, 'The body is too large');
  if (text.trim() === '') return whenEmpty;
  try {
    return JSON.parse(text);
  } catch {
    throw new Problem(400, 'The body is not valid JSON');
  }
}
