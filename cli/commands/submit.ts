import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { RequestView } from '../../core/request-view.ts';
import { CliError, EXIT, expectOk, postSigned, resolveConnection } from '../hub-client.ts';
import { describeRequest } from '../render.ts';
import { waitForRequest } from '../wait.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description('sign and submit a data-subject request to the hub')
    .requiredOption('--type <type>', 'erasure, rectification or restriction')
    .option('--email <email>', "the person's email")
    .option('--id <id>', 'the request id (idempotency key)', `cli-${randomUUID()}`)
    .option('--auth0 <id>', 'Auth0 user id')
    .option('--stripe <id>', 'Stripe customer id')
    .option('--github <login>', 'GitHub login')
    .option('--github-repo <owner/repo>', 'a repository made for the person (repeatable)', collect)
    .option('--github-token <token>', "the person's OAuth token, to revoke the grant")
    .option(
      '--ga-client-id <id>',
      'Google Analytics client/user id, e.g. GA1.2.1234.5678 (repeatable)',
      collect,
    )
    .option('--matrix <user>', 'Matrix/Gitter user id, e.g. @ada:gitter.im')
    .option('--inline-manual <id>', 'Inline Manual user id')
    .option('--integration <name>', 'only this integration (repeatable)', collect)
    .option('--new-email <email>', 'rectification: the corrected email')
    .option('--new-name <name>', 'rectification: the corrected name')
    .option('--new-phone <phone>', 'rectification: the corrected phone')
    .option('--requested-at <iso>', 'when the person asked (default now)')
    .option('--callback-url <url>', 'where the hub reports completion')
    .option('--no-wait', 'return as soon as the hub accepted the request')
    .option('--json', 'print the request resource as JSON')
    .action(async (options) => {
      const connection = resolveConnection(program.opts());
      const ids = {
        auth0: options.auth0,
        stripe: options.stripe,
        github: options.github,
        githubRepos: options.githubRepo,
        githubToken: options.githubToken,
        googleAnalytics: options.gaClientId,
        matrix: options.matrix,
        inlineManual: options.inlineManual,
      };
      const changes =
        options.type === 'rectification'
          ? { email: options.newEmail, name: options.newName, phone: options.newPhone }
          : undefined;
      const body = prune({
        id: options.id,
        type: options.type,
        subject: { email: options.email, ids },
        changes,
        integrations: options.integration,
        requestedAt: options.requestedAt,
        callbackUrl: options.callbackUrl,
      });
      const answer = await postSigned(connection, '/v1/requests', body);
      expectOk(answer, 'the request was');
      let request = answer.body as RequestView;
      if (options.wait) request = await waitForRequest(connection, request, !options.json);
      console.log(options.json ? JSON.stringify(request, null, 2) : describeRequest(request));
      if (request.status === 'needs_attention') {
        throw new CliError('the request needs attention: a task failed', EXIT.needsAttention);
      }
    });
}

/** Drops undefined values and empty objects so the body carries only what was given. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, inner]) => [key, prune(inner)] as const)
      .filter(([, inner]) => inner !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}
