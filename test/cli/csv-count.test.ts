import { describe, expect, it } from 'vitest';
import { CsvRecordCounter } from '../../cli/download.ts';

const count = (...chunks: string[]) => {
  const counter = new CsvRecordCounter();
  for (const chunk of chunks) counter.add(new TextEncoder().encode(chunk));
  return counter.dataRows();
};

describe('CsvRecordCounter', () => {
  it('counts records after the header, CRLF or LF, with or without a final line break', () => {
    expect(count('a,b\r\n1,2\r\n3,4\r\n')).toBe(2);
    expect(count('a,b\n1,2\n3,4')).toBe(2);
    expect(count('a,b\r\n')).toBe(0);
    expect(count('')).toBe(0);
  });

  it('does not count line breaks inside quoted fields, even across chunks', () => {
    expect(count('a,b\r\n"line one\r\nline ', 'two, ""quoted""",2\r\n3,4\r\n')).toBe(2);
  });
});
