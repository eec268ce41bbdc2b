import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskEmail,
  maskIdentifier,
  normalizeEmail,
  redactIdentifiers,
  subjectIdentifiers,
} from './masking.ts';

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com');
    expect(maskEmail('grace.hopper@navy.mil')).toBe('g***@navy.mil');
  });

  it('masks at the last @ of an address with a quoted local part', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });

  it('shows nothing of something that is not an address', () => {
    expect(maskEmail('ada')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
  });

  it('never shows the local part beyond its first character', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const local = email.slice(0, email.lastIndexOf('@'));
        const masked = maskEmail(email);
        expect(masked.startsWith(`${local.slice(0, 1)}***@`)).toBe(true);
        // The domain stays visible and may happen to contain the local part's letters.
        const shownLocal = masked.slice(0, masked.lastIndexOf('@'));
        if (local.length > 1) expect(shownLocal).not.toContain(local);
      }),
      { numRuns: 200 },
    );
  });
});

describe('maskIdentifier', () => {
  it('keeps a prefix that shows the kind of id', () => {
    expect(maskIdentifier('auth0|65f0a1b2c3d4e5f6')).toBe('auth0|65f0…');
    expect(maskIdentifier('cus_Q1abcdef')).toBe('cus_Q1…');
  });

  it('keeps at most ten characters of a long id', () => {
    expect(maskIdentifier('x'.repeat(100))).toBe(`${'x'.repeat(10)}…`);
  });

  it('keeps only the first character of a very short id', () => {
    expect(maskIdentifier('ab')).toBe('a…');
    expect(maskIdentifier('a')).toBe('a…');
  });

  it('never shows a whole id of two characters or more', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 80 }), (id) => {
        const masked = maskIdentifier(id);
        expect(masked.endsWith('…')).toBe(true);
        expect(masked.slice(0, -1)).not.toBe(id);
        expect(id.startsWith(masked.slice(0, -1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeEmail', () => {
  it('lower-cases', () => {
    expect(normalizeEmail('Ada.Lovelace@Example.COM')).toBe('ada.lovelace@example.com');
  });

  it('trims spaces, tabs and newlines', () => {
    expect(normalizeEmail('  ada@example.com\t\n')).toBe('ada@example.com');
  });

  it('composes to Unicode NFC', () => {
    const decomposed = 'jose\u0301@example.com';
    const composed = 'jos\u00e9@example.com';
    expect(decomposed).not.toBe(composed);
    expect(normalizeEmail(decomposed)).toBe(composed);
    expect(normalizeEmail('JOSE\u0301@EXAMPLE.COM')).toBe(composed);
  });

  it('gives one form for every spelling of the same address', () => {
    const spellings = [
      'José@Example.com',
      ' JOSE\u0301@example.COM ',
      'jos\u00e9@example.com',
      '\tJosé@EXAMPLE.com\n',
    ];
    expect(new Set(spellings.map(normalizeEmail))).toEqual(new Set(['jos\u00e9@example.com']));
  });
});

describe('subjectIdentifiers', () => {
  it('lists the email and every id, flattening lists and dropping tiny values', () => {
    expect(
      subjectIdentifiers({
        email: 'ada@example.com',
        ids: { auth0: 'auth0|65f0', githubRepos: ['org/site-ada', 'x'], stripe: undefined },
      }),
    ).toEqual(['ada@example.com', 'auth0|65f0', 'org/site-ada']);
  });
});

describe('redactIdentifiers', () => {
  it('replaces an email by its masked form and an id by its masked prefix', () => {
    const text = 'No customer cus_Q1abcdef for ada@example.com';
    expect(redactIdentifiers(text, ['ada@example.com', 'cus_Q1abcdef'])).toBe(
      'No customer cus_Q1… for a***@example.com',
    );
  });

  it('replaces every occurrence', () => {
    expect(redactIdentifiers('octocat/octocat', ['octocat'])).toBe('oct…/oct…');
  });

  it('masks a Matrix id as an id, not as an email', () => {
    expect(redactIdentifiers('user @ada:gitter.im left', ['@ada:gitter.im'])).toBe(
      'user @ada:gi… left',
    );
  });

  it('replaces the longer of two overlapping ids first, so no tail leaks', () => {
    const text = 'deleted cus_abc123456789';
    const result = redactIdentifiers(text, ['cus_abc', 'cus_abc123456789']);
    expect(result.startsWith('deleted cus')).toBe(true);
    expect(result).not.toContain('123456789');
    expect(result).not.toContain('cus_abc');
  });

  it('catches the lower-cased form of a mixed-case identifier', () => {
    const result = redactIdentifiers('user ada@example.com not found', ['Ada@Example.com']);
    expect(result).toBe('user A***@Example.com not found');
    expect(result.toLowerCase()).not.toContain('ada@example.com');
  });

  it('catches a vendor echoing the identifier in another case', () => {
    // The hub looks people up by the normalized (lower-case) email, but a vendor may
    // answer with the address as the person once registered it.
    const identifiers = ['ada@example.com', 'octocat'];
    const text = 'Customer Ada@Example.COM already exists; login OctoCat is an org owner';
    const result = redactIdentifiers(text, identifiers);
    expect(result.toLowerCase()).not.toContain('ada@example.com');
    expect(result.toLowerCase()).not.toContain('octocat');
  });

  it('treats identifiers as plain text, not as patterns', () => {
    expect(redactIdentifiers('a.b+c@x.io and aXb+c@x.io', ['a.b+c@x.io'])).toBe(
      'a***@x.io and aXb+c@x.io',
    );
  });

  it('leaves text without identifiers alone', () => {
    expect(redactIdentifiers('503 Service Unavailable', ['ada@example.com'])).toBe(
      '503 Service Unavailable',
    );
  });
});
