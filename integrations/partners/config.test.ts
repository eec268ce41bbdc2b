import { describe, expect, it } from 'vitest';
import { PartnerConfigError, readPartners } from './config.ts';
import { partnerDescriptors, partnerRateLimitVar } from './descriptor.ts';
import { partnerIntegrations } from './index.ts';
import { generateWebhookSecret } from './webhook-receiver.ts';

const secret = generateWebhookSecret();
const partners = (...entries: unknown[]) => ({ HUB_PARTNERS: JSON.stringify(entries) });

describe('readPartners', () => {
  it('reads no partners when HUB_PARTNERS is unset or empty', () => {
    expect(readPartners({})).toEqual([]);
    expect(readPartners({ HUB_PARTNERS: '  ' })).toEqual([]);
  });

  it('reads each partner with the private-targets setting', () => {
    const env = {
      ...partners(
        { name: 'crm', url: 'https://crm.example.com/dsr', secret },
        { name: 'mailboxes', url: 'https://mail.example.com/hooks/dsr', secret },
      ),
    };

    expect(readPartners(env)).toEqual([
      { name: 'crm', url: 'https://crm.example.com/dsr', secret, allowPrivateTargets: false },
      {
        name: 'mailboxes',
        url: 'https://mail.example.com/hooks/dsr',
        secret,
        allowPrivateTargets: false,
      },
    ]);
  });

  it('accepts a local http URL only with HUB_ALLOW_PRIVATE_TARGETS=1', () => {
    const entry = { name: 'local', url: 'http://127.0.0.1:9400/hook', secret };

    expect(() => readPartners(partners(entry))).toThrow(
      /\[0\]\.url: 127\.0\.0\.1: the URL must use https/,
    );
    expect(
      readPartners({ ...partners(entry), HUB_ALLOW_PRIVATE_TARGETS: '1' })[0]?.allowPrivateTargets,
    ).toBe(true);
  });

  it.each([
    ['not JSON', '{name: crm', /HUB_PARTNERS must be a JSON array/],
    ['an object', JSON.stringify({ name: 'crm' }), /HUB_PARTNERS is invalid: \(root\)/],
    [
      'a secret without whsec_',
      JSON.stringify([{ name: 'crm', url: 'https://crm.example.com', secret: 'hunter2hunter2' }]),
      /\[0\]\.secret: must start with whsec_/,
    ],
    [
      'a short secret',
      JSON.stringify([{ name: 'crm', url: 'https://crm.example.com', secret: 'whsec_c2hvcnQ=' }]),
      /\[0\]\.secret: must be whsec_ followed by base64 of at least 24 bytes/,
    ],
    [
      'a private address',
      JSON.stringify([{ name: 'crm', url: 'https://10.0.0.7/dsr', secret }]),
      /\[0\]\.url: 10\.0\.0\.7 is not a public address/,
    ],
    [
      'a bad name',
      JSON.stringify([{ name: 'CRM system', url: 'https://crm.example.com', secret }]),
      /\[0\]\.name: lower-case letters/,
    ],
    [
      'a repeated name',
      JSON.stringify([
        { name: 'crm', url: 'https://a.example.com', secret },
        { name: 'crm', url: 'https://b.example.com', secret },
      ]),
      /\[1\]\.name: "crm" appears twice/,
    ],
    [
      'an unknown property',
      JSON.stringify([{ name: 'crm', url: 'https://crm.example.com', secret, token: 'x' }]),
      /HUB_PARTNERS is invalid: \[0\]: Unrecognized key/,
    ],
  ])('refuses %s, naming the variable', (_label, value, message) => {
    const attempt = () => readPartners({ HUB_PARTNERS: value });

    expect(attempt).toThrow(PartnerConfigError);
    expect(attempt).toThrow(message);
  });

  it('never repeats a secret in its error', () => {
    const leaky = JSON.stringify([{ name: 'crm', url: 'http://crm.example.com', secret }]);

    expect(() => readPartners({ HUB_PARTNERS: leaky })).toThrow(PartnerConfigError);
    try {
      readPartners({ HUB_PARTNERS: leaky });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret.slice(6, 20));
    }
  });
});

describe('partner integrations', () => {
  it('makes one manual integration per partner, named partner:<name>', () => {
    const env = partners(
      { name: 'crm', url: 'https://crm.example.com/dsr', secret },
      { name: 'website-hosting', url: 'https://host.example.com/dsr', secret },
    );

    const integrations = partnerIntegrations(env);

    expect(integrations.map((integration) => integration.name)).toEqual([
      'partner:crm',
      'partner:website-hosting',
    ]);
    expect(partnerDescriptors(env).map((descriptor) => descriptor.name)).toEqual([
      'partner:crm',
      'partner:website-hosting',
    ]);
    const [crm] = integrations;
    expect(crm?.mode).toBe('manual');
    expect(crm?.supports).toEqual(['erasure', 'rectification', 'restriction']);
    expect(crm?.rateLimit.envVar).toBe('PARTNER_CRM_RATE_LIMIT');
    expect(partnerRateLimitVar('website-hosting')).toBe('PARTNER_WEBSITE_HOSTING_RATE_LIMIT');
    expect(crm?.configure(env)?.url).toBe('https://crm.example.com/dsr');
    expect(crm?.configure({})).toBeUndefined();
  });
});
