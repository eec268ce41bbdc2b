import { randomBytes } from 'node:crypto';
import type { SandboxDefinition } from '../contract.ts';
import {
  basicCredentials,
  bearerToken,
  json,
  parseForm,
  type SandboxRequest,
  type SandboxResponse,
} from '../sandbox-kit/http.ts';
import { SandboxServer, type VendorBehaviour } from '../sandbox-kit/server.ts';
import { CustomerLedger, type CustomerSeed, demoCustomers, isLive } from './sandbox-ledger.ts';

/** The test-mode key the sandbox accepts; `env()` hands it to `configure`. */
export const STRIPE_SANDBOX_SECRET_KEY = 'sk_test_dsrHubSandbox0000000000000000';
const TEST_MODE_RATE_LIMIT = 25;

/** Stripe's error body, `{error: {type, code?, param?, message}}`, with a request id. */
function stripeError(
  status: number,
  error: { type: string; code?: string; param?: string; message: string },
  headers: Record<string, string> = {},
): SandboxResponse {
  return json(status, { error }, { 'request-id': requestId(), ...headers });
}

function ok(body: unknown): SandboxResponse {
  return json(200, body, { 'request-id': requestId() });
}

function requestId(): string {
  return `req_${randomBytes(10).toString('hex')}`;
}

function noSuchCustomer(id: string): SandboxResponse {
  return stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'id',
    message: `No such customer: '${id}'`,
  });
}

/**
 * Stripe's customer API as far as the hub uses it: list by email with cursor paging,
 * retrieve (deleted customers included), update with form-encoded bodies, and delete.
 */
export function createStripeBehaviour(options: { keepData: () => boolean }): VendorBehaviour {
  const ledger = new CustomerLedger();
  const seedDemo = () => {
    for (const seed of demoCustomers()) ledger.add(seed);
  };
  seedDemo();

  function authenticate(request: SandboxRequest): SandboxResponse | undefined {
    const key = bearerToken(request.headers) ?? basicCredentials(request.headers)?.user;
    if (!key) {
      return stripeError(401, {
        type: 'invalid_request_error',
        message:
          'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
      });
    }
    if (key !== STRIPE_SANDBOX_SECRET_KEY) {
      return stripeError(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(8)}${key.slice(-4)}`,
      });
    }
    return undefined;
  }

  // https://docs.stripe.com/api/customers/list
  function listCustomers(request: SandboxRequest): SandboxResponse {
    const limit = Number(request.query.get('limit') ?? '10');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'limit',
        message: 'This value must be greater than or equal to 1 and less than or equal to 100.',
      });
    }
    const cursor = request.query.get('starting_after');
    const page = ledger.list(request.query.get('email'), limit, cursor);
    if (!page) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'starting_after',
        message: `No such customer: '${cursor}'`,
      });
    }
    return ok({ object: 'list', url: '/v1/customers', has_more: page.hasMore, data: page.data });
  }

  function oneCustomer(request: SandboxRequest, id: string): SandboxResponse {
    const customer = ledger.get(id);
    switch (request.method) {
      case 'GET':
        // Deleted customers stay retrievable, as `{id, object, deleted: true}`.
        return customer ? ok(customer) : noSuchCustomer(id);
      case 'DELETE':
        if (!isLive(customer)) return noSuchCustomer(id);
        if (options.keepData()) return ok({ id, object: 'customer', deleted: true });
        return ok(ledger.delete(id));
      case 'POST': {
        if (!isLive(customer)) return noSuchCustomer(id);
        const result = ledger.update(customer, parseForm(request.body));
        return 'code' in result
          ? stripeError(400, { type: 'invalid_request_error', ...result })
          : ok(result);
      }
      default:
        return unrecognized(request);
    }
  }

  return {
    name: 'stripe',
    rateLimit: TEST_MODE_RATE_LIMIT,
    // Stripe sends no X-RateLimit-* headers; its only word is Stripe-Should-Retry.
    rateLimited: (_retryAfterMs, withHint) =>
      stripeError(
        429,
        {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message:
            'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
        },
        withHint ? { 'stripe-should-retry': 'true' } : {},
      ),
    serverError: () =>
      stripeError(500, {
        type: 'api_error',
        message: 'An unknown error occurred. Please try again later.',
      }),
    handle(request) {
      const refused = authenticate(request);
      if (refused) return refused;
      if (request.method === 'GET' && request.path === '/v1/customers')
        return listCustomers(request);
      const customerPath = /^\/v1\/customers\/([^/]+)$/.exec(request.path);
      if (customerPath?.[1]) return oneCustomer(request, safeDecode(customerPath[1]));
      return unrecognized(request);
    },
    seed(data) {
      for (const seed of (data as { customers?: CustomerSeed[] }).customers ?? []) ledger.add(seed);
    },
    reset() {
      ledger.clear();
      seedDemo();
    },
    state: () => ({ customers: ledger.snapshot() }),
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function unrecognized(request: SandboxRequest): SandboxResponse {
  return stripeError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${request.method}: ${request.path}).`,
  });
}

/** The Stripe sandbox: seeded with two customers for ada@example.com and one for grace@. */
export const sandbox: SandboxDefinition = {
  integration: 'stripe',
  async start(serverOptions) {
    let server: SandboxServer | undefined;
    const behaviour = createStripeBehaviour({ keepData: () => server?.keepDataOnDelete ?? false });
    server = new SandboxServer(behaviour, serverOptions);
    return server.listen();
  },
  env: (baseUrl) => ({ STRIPE_SECRET_KEY: STRIPE_SANDBOX_SECRET_KEY, STRIPE_BASE_URL: baseUrl }),
};
