import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunningHub } from '../../local/hub.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'cli/bin.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `dsr-hub` as a child process with Node 22 from node_modules. The child gets a
 * bare environment (no HUB_* variables, an empty HUB_DATA_DIR) so that only the flags
 * it is given can connect it to a hub.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<CliResult>((done) => {
    execFile(
      'node',
      [BIN, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
          HOME: process.env.HOME ?? tmpdir(),
          HUB_DATA_DIR: join(tmpdir(), 'dsr-hub-cli-test-no-state'),
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The connection flags of an in-process hub, with the ops token unless another is given. */
export function hubFlags(hub: RunningHub, token = hub.secrets.HUB_OPS_TOKEN): string[] {
  return ['--url', hub.url, '--secret', hub.secrets.HUB_INGEST_SECRET, '--token', token];
}

/** A loopback URL nothing listens on: a port taken from the OS and released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise<void>((closed) => server.close(() => closed()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A scratch directory for files the CLI writes; remove it with the returned cleanup. */
export async function scratchDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dsr-hub-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses RFC 4180 CSV into records of fields (quoted fields may hold , " and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}
