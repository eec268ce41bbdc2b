import { describe, expect, it } from 'vitest';
import { readAllowPrivateTargets } from './env.ts';

describe('readAllowPrivateTargets', () => {
  it('reads 1, 0 and unset, and refuses anything else by name', () => {
    expect(readAllowPrivateTargets({ HUB_ALLOW_PRIVATE_TARGETS: '1' })).toBe(true);
    expect(readAllowPrivateTargets({ HUB_ALLOW_PRIVATE_TARGETS: '0' })).toBe(false);
    expect(readAllowPrivateTargets({})).toBe(false);
    expect(() => readAllowPrivateTargets({ HUB_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      /HUB_ALLOW_PRIVATE_TARGETS/,
    );
  });
});
