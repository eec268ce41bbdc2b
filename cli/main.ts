import { Command, CommanderError } from 'commander';
import { registerStatus } from './commands/status.ts';
import { registerSubmit } from './commands/submit.ts';
import { CliError, EXIT } from './hub-client.ts';

const program = new Command('dsr-hub')
  .description('Submit and follow GDPR data-subject requests on a DSR Hub')
  .option('--url <url>', 'the hub (default $DSR_HUB_URL or http://127.0.0.1:$PORT)')
  .option(
    '--secret <whsec>',
    'ingest secret for signing (default $HUB_INGEST_SECRET or the local hub)',
  )
  .option('--token <token>', 'ops or compliance token (default $HUB_OPS_TOKEN or the local hub)')
  .exitOverride();

registerSubmit(program);
registerStatus(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof CliError) {
    console.error(`dsr-hub: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`dsr-hub: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT.refused;
  }
}
