import { Command, CommanderError } from 'commander';
import { registerEvents } from './commands/events.ts';
import { registerExtend } from './commands/extend.ts';
import { registerList } from './commands/list.ts';
import { registerRedrive } from './commands/redrive.ts';
import { registerReport } from './commands/report.ts';
import { registerRetry } from './commands/retry.ts';
import { registerStatus } from './commands/status.ts';
import { registerSubmit } from './commands/submit.ts';
import { registerVerify } from './commands/verify.ts';
import { CliError, EXIT } from './hub-client.ts';

const EXIT_CODES = `
Exit codes:
  0  done (verify: the evidence chain is valid)
  1  the hub refused the request (4xx; the problem detail is printed), or a wait timed out
  2  usage: a bad option or argument, a missing token or secret, an unreadable --file
  3  the hub is unreachable or failing (network error or 5xx)
  4  needs attention: a task failed (submit, retry, redrive)
  5  verify: the evidence hash chain is broken (the first broken event is named)

Connection: --url (or $DSR_HUB_URL), --secret (or $HUB_INGEST_SECRET) for submit,
--token (or $HUB_OPS_TOKEN) for everything else; with none given, the local hub's
$HUB_DATA_DIR/hub-secrets.json (./.hub-data) is used.`;

const program = new Command('dsr-hub')
  .description('Submit, follow, operate and audit GDPR data-subject requests on a DSR Hub')
  .option('--url <url>', 'the hub (default $DSR_HUB_URL or http://127.0.0.1:$PORT)')
  .option(
    '--secret <whsec>',
    'ingest secret for signing (default $HUB_INGEST_SECRET or the local hub)',
  )
  .option('--token <token>', 'ops or compliance token (default $HUB_OPS_TOKEN or the local hub)')
  .addHelpText('after', EXIT_CODES)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerSubmit(program);
registerStatus(program);
registerList(program);
registerEvents(program);
registerRetry(program);
registerRedrive(program);
registerExtend(program);
registerReport(program);
registerVerify(program);

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
