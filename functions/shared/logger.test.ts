import { describe, expect, it } from 'vitest';
import { redactText } from './logger.ts';

describe('redactText', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['Authorization: Bearer ops_abcdefghijkl', 'ops_abcdefghijkl'],
    ['secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['token gho_sandboxAdaToken000000000000000000000', 'gho_sandboxAdaToken'],
    ['No such customer: cus_SbxAda00000001', 'cus_SbxAda00000001'],
    ['user auth0|65f0a1b2c3d4e5f6a7b8c9d0 gone', 'auth0|65f0a1b2c3d4e5f6a7b8c9d0'],
    ['kicked @ada:gitter.im', '@ada:gitter.im'],
    ['client GA1.2.1234.5678', 'GA1.2.1234.5678'],
  ])('removes %s', (text, secret) => {
    expect(redactText(text)).not.toContain(secret);
  });

  it('keeps what helps at 3 a.m.', () => {
    const line = 'request req-123 task stripe answered 429; retry in 2 s';
    expect(redactText(line)).toBe(line);
  });
});
