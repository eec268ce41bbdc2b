import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { measureBundles } from '../../infra/bundle-sizes.ts';
import { defineHub } from '../../infra/hub-app.ts';
import { REPO_ROOT } from '../../infra/repo-root.ts';
import { median } from '../support/stats.ts';

export interface ColdStartScenario {
  /** Fresh processes per bundle; the median is kept. */
  repetitions: number;
}

/** One function's bundle and what loading it in a fresh Node process costs. */
export interface FunctionColdStart {
  functionName: string;
  codeBytes: number;
  /** All files of the asset deflated: about the uploaded zip. */
  zippedBytes: number;
  /** `await import(bundle)`, median over fresh processes. */
  importMs: number;
  /** Process start until the handler is loaded (Node's own boot included). */
  readyMs: number;
  /** readyMs ÷ the same for an empty module. */
  readyRatio: number;
}

export interface ColdStartResult {
  synthSeconds: number;
  node: string;
  empty: { importMs: number; readyMs: number };
  functions: FunctionColdStart[];
}

/** The handler's environment on Lambda, as far as module code reads it at load. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  POWERTOOLS_SERVICE_NAME: 'dsr-hub',
  HUB_TABLE: 'dsr-hub-bench',
  HUB_QUEUE_URL_PREFIX: 'https://sqs.us-east-1.amazonaws.com/000000000000/dsr-hub-bench-',
  NODE_OPTIONS: '',
};

/**
 * Synthesizes the CDK app into a temporary assembly (esbuild bundling for real), reads each
 * function's bundle size, then imports each bundle in fresh Node 22 processes against importing
 * an empty module. The AWS SDK the bundles leave out comes from the repository's node_modules,
 * as it comes from the runtime on Lambda.
 */
export async function runColdStart(scenario: ColdStartScenario): Promise<ColdStartResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'dsr-hub-bench-cdk-'));
  try {
    const synthStarted = performance.now();
    const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    const app = new App({ outdir, context: cdkJson.context });
    defineHub(app);
    app.synth();
    const synthSeconds = (performance.now() - synthStarted) / 1000;
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(outdir, 'node_modules'), 'dir');
    const emptyModule = join(outdir, 'empty.mjs');
    writeFileSync(emptyModule, 'export const handler = async () => ({});\n');

    const bundles = measureBundles(outdir);
    const emptyRuns: Probe[] = [];
    const functions: FunctionColdStart[] = [];
    for (const bundle of bundles) {
      const runs: Probe[] = [];
      for (let i = 0; i < scenario.repetitions; i++) {
        // Interleaved, so that both see the same machine.
        emptyRuns.push(await probe(emptyModule));
        runs.push(await probe(join(outdir, bundle.assetDirectory, 'index.mjs')));
      }
      functions.push({
        functionName: bundle.functionName,
        codeBytes: bundle.codeBytes,
        zippedBytes: bundle.deflatedBytes,
        importMs: median(runs.map((run) => run.importMs)),
        readyMs: median(runs.map((run) => run.readyMs)),
        readyRatio: 0,
      });
    }
    const empty = {
      importMs: median(emptyRuns.map((run) => run.importMs)),
      readyMs: median(emptyRuns.map((run) => run.readyMs)),
    };
    for (const fn of functions) fn.readyRatio = fn.readyMs / empty.readyMs;
    return { synthSeconds, node: process.version, empty, functions };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface Probe {
  importMs: number;
  readyMs: number;
}

/** performance.now() counts from the process's start: `readyMs` is boot plus import. */
const PROBE = `
const started = performance.now();
const module = await import(process.argv[1]);
const ready = performance.now();
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ importMs: ready - started, readyMs: ready }));
`;

function probe(file: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', PROBE, pathToFileURL(file).href],
      { env: { PATH: process.env.PATH, ...LAMBDA_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as Probe);
      else reject(new Error(`importing ${file} failed (${code}): ${stderr.slice(-1000)}`));
    });
  });
}
