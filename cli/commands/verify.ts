import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { EvidencePack } from '../api-types.ts';
import { asEvidencePack, checkEvidence, describeVerdict } from '../evidence-check.ts';
import { CliError, EXIT, getResource, resolveConnection } from '../hub-client.ts';

interface VerifyOptions {
  file?: string;
  save?: string;
  json?: boolean;
}

export function registerVerify(program: Command): void {
  program
    .command('verify [id]')
    .description(
      "re-check a request's evidence hash chain here, trusting nothing the hub says about it",
    )
    .option('--file <evidence.json>', 'verify a saved evidence pack, with no network')
    .option('--save <evidence.json>', 'also save the evidence pack fetched from the hub')
    .option('--json', 'print the verdict as JSON')
    .action(async (id: string | undefined, options: VerifyOptions) => {
      const pack = await loadPack(program, id, options);
      const verdict = checkEvidence(pack);
      console.log(options.json ? JSON.stringify(verdict, null, 2) : describeVerdict(verdict));
      if (verdict.claimedValid !== null && verdict.claimedValid !== verdict.valid) {
        console.error(
          `note: the pack claims chainValid ${verdict.claimedValid}; the check here says ${verdict.valid}`,
        );
      }
      if (!verdict.valid) throw new CliError('the evidence does not verify', EXIT.broken);
    });
}

async function loadPack(
  program: Command,
  id: string | undefined,
  options: VerifyOptions,
): Promise<EvidencePack> {
  if (options.file) {
    if (options.save) throw new CliError('--save needs a request id, not --file', EXIT.usage);
    const pack = asEvidencePack(await readJson(options.file), options.file);
    if (id && pack.request.id !== id) {
      throw new CliError(
        `${options.file} holds the evidence of ${pack.request.id}, not ${id}`,
        EXIT.usage,
      );
    }
    return pack;
  }
  if (!id) throw new CliError('give a request id or --file <evidence.json>', EXIT.usage);
  const body = await getResource<unknown>(
    resolveConnection(program.opts()),
    `/v1/requests/${encodeURIComponent(id)}/evidence`,
    'the evidence query was',
  );
  const pack = asEvidencePack(body, "the hub's answer", EXIT.unreachable);
  if (options.save) await writeFile(options.save, `${JSON.stringify(pack, null, 2)}\n`);
  return pack;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`, EXIT.usage);
  }
}
