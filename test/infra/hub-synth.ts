import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { defineHub, type HubStacks } from '../../infra/hub-app.ts';
import { REPO_ROOT } from '../../infra/repo-root.ts';

/** A synthesized hub in a temporary directory; call `cleanup` when done. */
export interface SynthesizedHub extends HubStacks {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  cleanup(): void;
}

/**
 * Synthesizes the hub as `npx cdk synth` would: with cdk.json's context (feature flags) plus
 * `context`, into a fresh directory under the OS temp dir. Bundling runs for real.
 */
export function synthesizeHub(context: Record<string, unknown> = {}): SynthesizedHub {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const outdir = mkdtempSync(join(tmpdir(), 'dsr-hub-cdk-'));
  try {
    const app = new App({ outdir, context: { ...cdkJson.context, ...context } });
    const stacks = defineHub(app);
    const assembly = app.synth();
    return {
      ...stacks,
      app,
      assembly,
      outdir,
      cleanup: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

/** Every resource of one type in a template, by logical id. */
export function resourcesOfType(
  template: { toJSON(): Record<string, unknown> },
  type: string,
): Array<[string, { Properties?: Record<string, unknown> }]> {
  const resources = (template.toJSON().Resources ?? {}) as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}
