import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** An error the API answers with an RFC 9457 problem document. */
export class Problem extends Error {
  override name = 'Problem';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    options?: ErrorOptions,
  ) {
    super(detail, options);
  }
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  const title = TITLES[problem.status] ?? 'Error';
  const body: Record<string, unknown> = {
    type: `https://dsr-hub.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
    title,
    status: problem.status,
    detail: problem.detail,
  };
  if (problem.errors) body.errors = problem.errors;
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return { statusCode: problem.status, headers, body: JSON.stringify(body) };
}

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
