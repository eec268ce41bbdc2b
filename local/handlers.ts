import { existsSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, Context, ScheduledEvent } from 'aws-lambda';
import { type LocatedBundle, locateBundles } from '../infra/bundle-sizes.ts';
import { REPO_ROOT } from '../infra/repo-root.ts';
import type { ApiHandler } from './http-adapter.ts';
import type { SqsHandler } from './queue-poller.ts';

/** The Lambda handlers the local runner invokes: the same modules AWS runs. */
export interface LambdaHandlers {
  api: ApiHandler;
  worker(queueKey: string): SqsHandler;
  dlq: SqsHandler;
  reconciler(event: ScheduledEvent, context: Context): Promise<unknown>;
}

/**
 * Loads the handlers from source (tsx), or, `bundled`, from the esbuild bundles in a synthesized
 * cloud assembly: the code the CDK uploads. The assembly is `HUB_BUNDLE_DIR`, by default the
 * repository's `cdk.out` (`npx cdk synth` first).
 */
export async function loadHandlers(mode: 'source' | 'bundled'): Promise<LambdaHandlers> {
  if (mode === 'bundled') {
    return loadBundledHandlers(resolve(process.env.HUB_BUNDLE_DIR || join(REPO_ROOT, 'cdk.out')));
  }
  return loadSourceHandlers();
}

async function loadSourceHandlers(): Promise<LambdaHandlers> {
  const [api, worker, dlq, reconciler, registry] = await Promise.all([
    import('../functions/api/handler.ts'),
    import('../functions/worker/create-handler.ts'),
    import('../functions/dlq/handler.ts'),
    import('../functions/reconciler/handler.ts'),
    import('../integrations/registry.ts'),
  ]);
  const workers = new Map<string, SqsHandler>();
  return {
    api: (event: APIGatewayProxyEventV2, context: Context) => api.handler(event, context),
    worker(queueKey) {
      let handler = workers.get(queueKey);
      if (!handler) {
        const created = worker.createWorkerHandler(registry.resolveIntegration);
        handler = (event, context) => created(event, context);
        workers.set(queueKey, handler);
      }
      return handler;
    },
    dlq: (event, context) => dlq.handler(event, context),
    reconciler: (event, context) => reconciler.handler(event, context),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a bundle's handler is typed by the function it serves
type BundledHandler = (event: any, context: Context) => Promise<any>;

/** The hub's functions in one assembly, by role: `dsr-hub-<stage>-api`, `…-worker-<key>` and so on. */
interface HubBundles {
  api: LocatedBundle;
  dlq: LocatedBundle;
  reconciler: LocatedBundle;
  workers: Map<string, LocatedBundle>;
}

const FUNCTION_NAME = /^dsr-hub-[a-z0-9]+-(?:(api|dlq|reconciler)|worker-(.+))$/;

async function loadBundledHandlers(assemblyDir: string): Promise<LambdaHandlers> {
  const bundles = findHubBundles(assemblyDir);
  provideRuntimeSdk(assemblyDir);
  // Each bundle is imported at its first invocation: a run with three integrations enabled does
  // not parse the other six vendors' SDKs.
  const lazy = (bundle: LocatedBundle): BundledHandler => {
    let loaded: Promise<BundledHandler> | undefined;
    return async (event, context) => {
      loaded ??= importHandler(assemblyDir, bundle);
      return (await loaded)(event, context);
    };
  };
  const workers = new Map<string, SqsHandler>();
  return {
    api: lazy(bundles.api),
    worker(queueKey) {
      let handler = workers.get(queueKey);
      if (!handler) {
        const bundle = bundles.workers.get(queueKey);
        if (!bundle) {
          throw new Error(`No worker bundle for the ${queueKey} queue in ${assemblyDir}`);
        }
        handler = lazy(bundle);
        workers.set(queueKey, handler);
      }
      return handler;
    },
    dlq: lazy(bundles.dlq),
    reconciler: lazy(bundles.reconciler),
  };
}

async function importHandler(assemblyDir: string, bundle: LocatedBundle): Promise<BundledHandler> {
  const url = pathToFileURL(join(assemblyDir, bundle.assetDirectory, 'index.mjs')).href;
  const module = (await import(url)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new Error(`${bundle.functionName}'s bundle exports no handler function (${url})`);
  }
  return module.handler as BundledHandler;
}

function findHubBundles(assemblyDir: string): HubBundles {
  if (!existsSync(join(assemblyDir, 'manifest.json'))) {
    throw new Error(
      `No cloud assembly in ${assemblyDir}: run \`npx cdk synth\` or set HUB_BUNDLE_DIR`,
    );
  }
  const roles = new Map<string, LocatedBundle>();
  const workers = new Map<string, LocatedBundle>();
  for (const bundle of locateBundles(assemblyDir)) {
    const match = FUNCTION_NAME.exec(bundle.functionName);
    if (!match) continue;
    const [, role, workerKey] = match;
    const [map, key] = workerKey ? [workers, workerKey] : [roles, role as string];
    if (map.has(key)) {
      throw new Error(`${assemblyDir} holds two bundles for ${key}: synthesize one stage only`);
    }
    map.set(key, bundle);
  }
  const role = (name: string): LocatedBundle => {
    const bundle = roles.get(name);
    if (!bundle) throw new Error(`No ${name} bundle in ${assemblyDir}`);
    return bundle;
  };
  return { api: role('api'), dlq: role('dlq'), reconciler: role('reconciler'), workers };
}

/**
 * The bundles leave `@aws-sdk/*` to the Lambda runtime. Locally the repository's node_modules
 * stands in for it: found by walking up from an assembly inside the repository, and linked into
 * one outside it (a temporary synth).
 */
function provideRuntimeSdk(assemblyDir: string): void {
  try {
    createRequire(join(assemblyDir, 'index.js')).resolve('@aws-sdk/client-dynamodb');
  } catch {
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(assemblyDir, 'node_modules'), 'dir');
  }
}
