import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { bearer, expectOk, type HubConnection, hubFetch } from './hub-client.ts';

export interface Downloaded {
  bytes: number;
  /** CSV records after the header, counted outside quoted fields; undefined for other types. */
  rows?: number;
}

/**
 * Streams a hub resource into a file: through `<file>.part`, renamed when complete, so
 * an interrupted download never leaves a truncated report behind. Draws a byte bar
 * on a terminal.
 */
export async function downloadToFile(
  connection: HubConnection,
  path: string,
  file: string,
  options: { what: string; showProgress: boolean },
): Promise<Downloaded> {
  const response = await hubFetch(`${connection.url}${path}`, { headers: bearer(connection) });
  if (!response.ok || !response.body) {
    const text = await response.text();
    expectOk({ status: response.status, body: parseJson(text), text }, options.what);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const bar = options.showProgress
    ? new SingleBar({
        format: total
          ? `${file} {bar} {percentage}% {value}/{total} bytes`
          : `${file} {value} bytes`,
        stream: process.stderr,
      })
    : undefined;
  bar?.start(total, 0);
  const counter = response.headers.get('content-type')?.startsWith('text/csv')
    ? new CsvRecordCounter()
    : undefined;
  let bytes = 0;
  const measure = tap((chunk) => {
    bytes += chunk.length;
    counter?.add(chunk);
    bar?.update(bytes);
  });
  const partial = `${file}.part`;
  try {
    await pipeline(
      response.body as unknown as AsyncIterable<Uint8Array>,
      measure,
      createWriteStream(partial),
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    bar?.stop();
  }
  return { bytes, rows: counter?.dataRows() };
}

/** Reads a whole hub resource as text, for stdout. */
export async function downloadText(
  connection: HubConnection,
  path: string,
  what: string,
): Promise<string> {
  const response = await hubFetch(`${connection.url}${path}`, { headers: bearer(connection) });
  const text = await response.text();
  expectOk({ status: response.status, body: parseJson(text), text }, what);
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A pipeline step that sees each chunk on its way to the file. */
function tap(see: (chunk: Uint8Array) => void) {
  return async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      see(chunk);
      yield chunk;
    }
  };
}

/** Counts RFC 4180 records: line breaks inside quoted fields belong to the field. */
export class CsvRecordCounter {
  private inQuotes = false;
  private lines = 0;
  private lastByte = 0x0a;

  add(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte === 0x22) this.inQuotes = !this.inQuotes;
      else if (byte === 0x0a && !this.inQuotes) this.lines += 1;
      this.lastByte = byte;
    }
  }

  /** Records minus the header row. */
  dataRows(): number {
    const records = this.lines + (this.lastByte === 0x0a ? 0 : 1);
    return Math.max(0, records - 1);
  }
}

/** Writes text to stdout and resolves once it is flushed (a pipe may be slow). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
