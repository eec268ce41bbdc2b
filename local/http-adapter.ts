import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Turns a Node HTTP request into the API Gateway v2 event that AWS would send,
 * calls the same handler, and writes its answer back.
 */
export function apiGatewayAdapter(
  handler: ApiHandler,
  options: { timeoutMs: number; maxBodyBytes: number },
) {
  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refuse an oversize body as soon as it passes the limit, without reading the rest.
    const body = await readLimited(req, options.maxBodyBytes);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' });
      res.end(
        JSON.stringify({
          type: 'https://dsr-hub.dev/problems/content-too-large',
          title: 'Content Too Large',
          status: 413,
          detail: 'The body is too large',
        }),
      );
      return;
    }
    const event = toEvent(req, body);
    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = await handler(event, lambdaContext('dsr-hub-api', options.timeoutMs));
    } catch {
      // What API Gateway answers when the function itself fails.
      result = {
        statusCode: 502,
        headers: { 'content-type': 'application/json' },
        body: '{"message":"Internal Server Error"}',
      };
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(
      result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : result.body,
    );
  };
}

function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // A Map, then Object.fromEntries: `?__proto__=x` becomes a key, as API Gateway's JSON makes it.
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const earlier = query.get(name);
    query.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  const method = req.method ?? 'GET';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: query.size ? Object.fromEntries(query) : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

/** Reads the body, or gives up (undefined) as soon as it passes `limit` bytes. */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
