import { randomBytes } from 'node:crypto';

/** A customer as Stripe returns it (the fields the hub can touch, and their neighbours). */
export interface SandboxStripeCustomer {
  id: string;
  object: 'customer';
  address: Record<string, unknown> | null;
  balance: number;
  created: number;
  currency: string | null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
  phone: string | null;
  preferred_locales: string[];
  shipping: Record<string, unknown> | null;
  tax_exempt: 'none' | 'exempt' | 'reverse';
}

/** What Stripe answers for a customer that was deleted. */
export interface DeletedStripeCustomer {
  id: string;
  object: 'customer';
  deleted: true;
}

export type CustomerSeed = Partial<Omit<SandboxStripeCustomer, 'object'>> & { email: string };

/** A request Stripe would refuse with 400: which parameter, and Stripe's words. */
export interface ParameterError {
  code: string;
  param: string;
  message: string;
}

const UPDATABLE = new Set([
  'address',
  'description',
  'email',
  'expand',
  'invoice_settings',
  'metadata',
  'name',
  'phone',
  'preferred_locales',
  'shipping',
  'tax_exempt',
]);

/** The people every sandbox starts with; Ada paid twice, so two customers share her email. */
export function demoCustomers(): CustomerSeed[] {
  return [
    { id: 'cus_SbxAda00000001', email: 'ada@example.com', name: 'Ada Lovelace' },
    {
      id: 'cus_SbxAda00000002',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0001',
    },
    { id: 'cus_SbxGrace000001', email: 'grace@example.com', name: 'Grace Hopper' },
  ];
}

/**
 * Stripe's customers: listed newest first, deleted ones kept as `{deleted: true}` stubs
 * (Stripe keeps them retrievable), updates merged the way the API merges them.
 */
export class CustomerLedger {
  private readonly customers = new Map<string, SandboxStripeCustomer | DeletedStripeCustomer>();
  /** Creation order, oldest first; the list reads it backwards. */
  private readonly order: string[] = [];

  add(seed: CustomerSeed): SandboxStripeCustomer {
    const id =
      seed.id ?? `cus_${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;
    const customer: SandboxStripeCustomer = {
      address: null,
      balance: 0,
      created: Math.floor(Date.now() / 1000),
      currency: null,
      delinquent: false,
      description: null,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
      livemode: false,
      metadata: {},
      name: null,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      ...seed,
      id,
      object: 'customer',
    };
    if (!this.customers.has(id)) this.order.push(id);
    this.customers.set(id, customer);
    return customer;
  }

  get(id: string): SandboxStripeCustomer | DeletedStripeCustomer | undefined {
    return this.customers.get(id);
  }

  /** Live customers with exactly this email, newest first, one page after `startingAfter`. */
  list(email: string | null, limit: number, startingAfter: string | null) {
    const newestFirst = [...this.order].reverse();
    let start = 0;
    if (startingAfter) {
      const index = newestFirst.indexOf(startingAfter);
      if (index < 0) return undefined;
      start = index + 1;
    }
    const matching = newestFirst
      .slice(start)
      .map((id) => this.customers.get(id))
      .filter((customer): customer is SandboxStripeCustomer => isLive(customer))
      .filter((customer) => email === null || customer.email === email);
    return { data: matching.slice(0, limit), hasMore: matching.length > limit };
  }

  /** Replaces the customer with Stripe's deleted stub. */
  delete(id: string): DeletedStripeCustomer {
    const stub: DeletedStripeCustomer = { id, object: 'customer', deleted: true };
    this.customers.set(id, stub);
    return stub;
  }

  /** Applies form parameters; metadata merges key by key and an empty value removes a key. */
  update(customer: SandboxStripeCustomer, params: Record<string, unknown>) {
    const invalid = validateUpdate(params);
    if (invalid) return invalid;
    for (const field of ['description', 'email', 'name', 'phone'] as const) {
      if (typeof params[field] === 'string') customer[field] = params[field] || null;
    }
    if (params.metadata === '') customer.metadata = {};
    else if (params.metadata && typeof params.metadata === 'object') {
      for (const [key, value] of Object.entries(params.metadata as Record<string, string>)) {
        if (value === '') delete customer.metadata[key];
        else customer.metadata[key] = value;
      }
    }
    if (params.address && typeof params.address === 'object') {
      customer.address = { ...customer.address, ...(params.address as Record<string, unknown>) };
    }
    return customer;
  }

  snapshot() {
    return this.order.map((id) => this.customers.get(id));
  }

  clear(): void {
    this.customers.clear();
    this.order.length = 0;
  }
}

export function isLive(
  customer: SandboxStripeCustomer | DeletedStripeCustomer | undefined,
): customer is SandboxStripeCustomer {
  return customer !== undefined && !('deleted' in customer);
}

function validateUpdate(params: Record<string, unknown>): ParameterError | undefined {
  const unknown = Object.keys(params).find((key) => !UPDATABLE.has(key));
  if (unknown) {
    return {
      code: 'parameter_unknown',
      param: unknown,
      message: `Received unknown parameter: ${unknown}`,
    };
  }
  const email = params.email;
  if (typeof email === 'string' && email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    return { code: 'email_invalid', param: 'email', message: `Invalid email address: ${email}` };
  }
  const metadata = params.metadata;
  const keys = metadata && typeof metadata === 'object' ? Object.keys(metadata) : [];
  const long = keys.find((key) => key.length > 40);
  if (long) {
    return {
      code: 'parameter_invalid_string',
      param: `metadata[${long}]`,
      message: 'Metadata keys can have up to 40 characters.',
    };
  }
  return undefined;
}
