import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';

/** Where one Lambda function's bundle lies in a synthesized cloud assembly. */
export interface LocatedBundle {
  /** The function's name (or its logical id when the name is not a literal). */
  readonly functionName: string;
  readonly stackName: string;
  /** `asset.<hash>` directory inside the assembly. */
  readonly assetDirectory: string;
}

/** The size of one function's bundle in a synthesized cloud assembly. */
export interface BundleSize extends LocatedBundle {
  /** Bytes of the JavaScript the runtime loads (`index.mjs`). */
  readonly codeBytes: number;
  /** Bytes of the source map beside it. */
  readonly sourceMapBytes: number;
  /** Every file of the asset, deflated: close to the uploaded zip's size. */
  readonly deflatedBytes: number;
}

interface Manifest {
  artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
}

interface TemplateResource {
  Type: string;
  Properties?: { FunctionName?: unknown; Code?: { S3Key?: unknown } };
  Metadata?: Record<string, unknown>;
}

/**
 * Finds every Lambda function's bundle in a cloud assembly (`cdk.out`), by following each
 * function's code asset (its `aws:asset:path` metadata, or the `<hash>.zip` key) to its directory.
 */
export function locateBundles(assemblyDir: string): LocatedBundle[] {
  const manifest = readJson<Manifest>(join(assemblyDir, 'manifest.json'));
  const bundles: LocatedBundle[] = [];
  for (const [stackName, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) continue;
    const template = readJson<{ Resources?: Record<string, TemplateResource> }>(
      join(assemblyDir, templateFile),
    );
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const assetDirectory = assetDirectoryOf(resource);
      if (!assetDirectory) continue;
      const name = resource.Properties?.FunctionName;
      bundles.push({
        functionName: typeof name === 'string' ? name : logicalId,
        stackName,
        assetDirectory,
      });
    }
  }
  return bundles.sort((a, b) => a.functionName.localeCompare(b.functionName));
}

/** Reads every Lambda function's bundle size from a cloud assembly (`cdk.out`). */
export function measureBundles(assemblyDir: string): BundleSize[] {
  return locateBundles(assemblyDir).map((bundle) => ({
    ...bundle,
    ...measureDirectory(join(assemblyDir, bundle.assetDirectory)),
  }));
}

/** One line per function plus a total, sizes in KiB. */
export function formatBundleSizes(sizes: readonly BundleSize[]): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const width = Math.max(8, ...sizes.map((size) => size.functionName.length));
  const header = `${'function'.padEnd(width)}  ${'code'.padStart(11)}  ${'source map'.padStart(11)}  ${'zipped ≈'.padStart(11)}`;
  const rows = sizes.map(
    (size) =>
      `${size.functionName.padEnd(width)}  ${kib(size.codeBytes).padStart(11)}  ${kib(size.sourceMapBytes).padStart(11)}  ${kib(size.deflatedBytes).padStart(11)}`,
  );
  const total = (pick: (size: BundleSize) => number) =>
    kib(sizes.reduce((sum, size) => sum + pick(size), 0)).padStart(11);
  const footer = `${'total'.padEnd(width)}  ${total((s) => s.codeBytes)}  ${total((s) => s.sourceMapBytes)}  ${total((s) => s.deflatedBytes)}`;
  return [header, ...rows, footer].join('\n');
}

function assetDirectoryOf(resource: TemplateResource): string | undefined {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') return assetPath;
  const key = resource.Properties?.Code?.S3Key;
  return typeof key === 'string' && key.endsWith('.zip') ? `asset.${key.slice(0, -4)}` : undefined;
}

function measureDirectory(directory: string): Omit<BundleSize, keyof LocatedBundle> {
  let codeBytes = 0;
  let sourceMapBytes = 0;
  let deflatedBytes = 0;
  if (!existsSync(directory)) return { codeBytes, sourceMapBytes, deflatedBytes };
  for (const file of readdirSync(directory)) {
    const path = join(directory, file);
    if (!statSync(path).isFile()) continue;
    const content = readFileSync(path);
    if (file.endsWith('.map')) sourceMapBytes += content.length;
    else if (/\.(mjs|cjs|js)$/.test(file)) codeBytes += content.length;
    deflatedBytes += deflateRawSync(content).length;
  }
  return { codeBytes, sourceMapBytes, deflatedBytes };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

// `npx tsx infra/bundle-sizes.ts [assembly-dir]`, after `npx cdk synth`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const assemblyDir = resolve(process.argv[2] ?? 'cdk.out');
  const sizes = measureBundles(assemblyDir);
  if (sizes.length === 0) {
    console.error(`No Lambda bundles found in ${assemblyDir}: run \`npx cdk synth\` first.`);
    process.exitCode = 1;
  } else {
    console.log(formatBundleSizes(sizes));
  }
}
