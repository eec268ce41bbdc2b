import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/repo-root.ts';
import type { LocalSecrets } from '../../local/hub-secrets.ts';

/** `npm start` in a child process, every line it writes kept. */
export interface ChildHub {
  url: string;
  secrets: LocalSecrets;
  /** Base URL of each sandbox vendor, by integration, as the start banner lists them. */
  sandboxes: Map<string, string>;
  /** Every line written so far, stdout and stderr interleaved as they arrived. */
  lines: string[];
  stop(): Promise<void>;
}

const BANNER = {
  url: /^DSR Hub is running at (\S+)$/,
  ingest: /^ {2}ingest secret: +(\S+)$/,
  ops: /^ {2}ops token: +(\S+)$/,
  compliance: /^ {2}compliance token: +(\S+)$/,
  sandbox: /^ {2}([a-z0-9:-]+) +(http:\/\/127\.0\.0\.1:\d+)$/,
  done: /^Try: /,
};

/**
 * Starts `tsx local/main.ts` with its state in a fresh directory and a free port, and
 * resolves once its start banner is complete. `env` adds to the test's environment.
 */
export async function startChildHub(env: Record<string, string> = {}): Promise<ChildHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dsr-hub-child-'));
  const bin = join(REPO_ROOT, 'node_modules', '.bin');
  const child: ChildProcess = spawn(join(bin, 'tsx'), ['local/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HUB_DATA_DIR: dataDir,
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const sandboxes = new Map<string, string>();
  const found: Record<string, string> = {};
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });

  const ready = new Promise<void>((resolve, reject) => {
    const collect = (stream: NodeJS.ReadableStream) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = `${partial}${chunk}`.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          for (const [key, pattern] of Object.entries(BANNER)) {
            const match = pattern.exec(line);
            if (!match) continue;
            if (key === 'sandbox') sandboxes.set(match[1] as string, match[2] as string);
            else if (key === 'done') resolve();
            else found[key] = match[1] as string;
          }
        }
      });
      stream.on('end', () => {
        if (partial) lines.push(partial);
      });
    };
    collect(child.stdout as NodeJS.ReadableStream);
    collect(child.stderr as NodeJS.ReadableStream);
    void exit.then(() => reject(new Error(`the hub exited early:\n${lines.join('\n')}`)));
  });
  await ready;
  // The banner prints three of the secrets; the hash key is only in the state directory.
  const secrets = JSON.parse(
    await readFile(join(dataDir, 'hub-secrets.json'), 'utf8'),
  ) as LocalSecrets;
  const printed = [secrets.HUB_INGEST_SECRET, secrets.HUB_OPS_TOKEN, secrets.HUB_COMPLIANCE_TOKEN];
  if (printed.join() !== [found.ingest, found.ops, found.compliance].join()) {
    throw new Error('the start banner does not show the secrets the hub keeps');
  }

  return {
    url: found.url as string,
    secrets,
    sandboxes,
    lines,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (!exited) child.kill('SIGKILL');
        await exit;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
