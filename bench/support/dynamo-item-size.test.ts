import { describe, expect, it } from 'vitest';
import { dynamoItemBytes, writeUnits } from './dynamo-item-size.ts';

describe('DynamoDB item size', () => {
  it('counts names, strings, numbers, booleans and nested documents as DynamoDB does', () => {
    expect(dynamoItemBytes({ pk: 'REQ#1' })).toBe(2 + 5);
    // 12345 has five significant digits: ceil(5 / 2) + 1 bytes.
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 4);
    expect(dynamoItemBytes({ ok: true, no: null })).toBe(2 + 1 + 2 + 1);
    // A map: 3 bytes, 1 per element, then its own names and values.
    expect(dynamoItemBytes({ m: { a: 'xy' } })).toBe(1 + 3 + 1 + 1 + 2);
    // A list: 3 bytes, 1 per element plus the element.
    expect(dynamoItemBytes({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoItemBytes({ gone: undefined })).toBe(0);
    expect(dynamoItemBytes({ e: 'é' })).toBe(1 + 2);
  });

  it('bills one write unit per started kilobyte', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
  });
});
