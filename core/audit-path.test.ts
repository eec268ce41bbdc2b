import { describe, expect, it } from 'vitest';
import { auditPath } from './audit-path.ts';

describe('auditPath', () => {
  it('masks ids after people collections and keeps API words', () => {
    expect(auditPath('/api/v2/users/auth0%7C65f0a1b2c3d4e5f6')).toBe('/api/v2/users/auth0|65f0…');
    expect(auditPath('/api/v2/users-by-email')).toBe('/api/v2/users-by-email');
    expect(auditPath('/v1/customers/cus_abc123def')).toBe('/v1/customers/cus_ab…');
  });

  it('masks GitHub logins and repositories', () => {
    const path = auditPath('/orgs/acme/members/ada-lovelace');
    expect(path).not.toContain('ada-lovelace');
    expect(path.startsWith('/orgs/acme/members/')).toBe(true);
    const repo = auditPath('/repos/acme/site-ada');
    expect(repo).not.toContain('site-ada');
  });
});
