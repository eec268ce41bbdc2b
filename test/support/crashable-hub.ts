import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LocalSecrets } from '../../local/hub-secrets.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const READY = /^DSR Hub is running at (\S+)$/;
/** Lines kept from the hub's output, for the message of a failed start. */
const KEPT_LINES = 200;

/** The local hub (`tsx local/main.ts`) in a child process that a test can kill outright. */
export interface CrashableHub {
  url: string;
  secrets: LocalSecrets;
  /** The last lines the hub wrote. */
  lines: string[];
  /** SIGKILL to the hub and the node process tsx started for it: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it does not stop within 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts the local hub on a free port with its state in `dataDir`, and resolves when its
 * banner shows the URL. It runs in its own process group, because tsx runs the hub in a
 * second node process: a kill must reach both.
 */
export async function startCrashableHub(
  dataDir: string,
  env: Record<string, string>,
): Promise<CrashableHub> {
  const bin = join(REPO, 'node_modules', '.bin');
  const child: ChildProcess = spawn(join(bin, 'tsx'), ['local/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      ...env,
      HUB_DATA_DIR: dataDir,
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const url = await new Promise<string>((found, failed) => {
    const collect = (stream: NodeJS.ReadableStream) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = `${partial}${chunk}`.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          if (lines.length > KEPT_LINES) lines.shift();
          const match = READY.exec(line);
          if (match?.[1]) found(match[1]);
        }
      });
    };
    collect(child.stdout as NodeJS.ReadableStream);
    collect(child.stderr as NodeJS.ReadableStream);
    void exit.then(() => failed(new Error(`the hub exited early:\n${lines.join('\n')}`)));
  });
  const secrets = JSON.parse(
    await readFile(join(dataDir, 'hub-secrets.json'), 'utf8'),
  ) as LocalSecrets;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    url,
    secrets,
    lines,
    async kill() {
      signalGroup('SIGKILL');
      await exit;
    },
    async stop() {
      if (exited) return;
      signalGroup('SIGTERM');
      await Promise.race([exit, new Promise((done) => setTimeout(done, 10_000))]);
      if (!exited) signalGroup('SIGKILL');
      await exit;
    },
  };
}
