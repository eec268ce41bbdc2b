import { type Command, Option } from 'commander';
import {
  effectiveDeadline,
  extensionReason,
  type HubRequest,
  type RequestPage,
} from '../api-types.ts';
import { getResource, type HubConnection, queryString, resolveConnection } from '../hub-client.ts';
import { integerBetween } from '../options.ts';
import { table } from '../render.ts';

interface ListOptions {
  status?: string;
  integration?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  email?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
  json?: boolean;
}

const DAY_MS = 24 * 3600 * 1000;

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list requests, newest first')
    .addOption(
      new Option('--status <status>', 'only requests in this status').choices([
        'in_progress',
        'completed',
        'needs_attention',
      ]),
    )
    .option('--integration <name>', 'only requests with a task for this integration')
    .option('--overdue', 'only requests past their deadline and not completed')
    .option('--no-overdue', 'only requests that are not overdue')
    .option('--due-soon', 'only open requests with under 7 days left')
    .option('--email <email>', 'find the requests of this person (works after the purge too)')
    .option('--limit <n>', 'requests per page, 1-100 (hub default 25)', integerBetween(1, 100))
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--all', 'follow every page, not just the first')
    .option('--json', 'print {"items", "nextCursor"} as JSON')
    .action(async (options: ListOptions) => {
      const connection = resolveConnection(program.opts());
      const page = await fetchRequests(connection, options);
      if (options.json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      console.log(page.items.length ? describeRequests(page.items, new Date()) : 'no requests');
      if (page.nextCursor) {
        console.error(`more: dsr-hub list --cursor ${page.nextCursor} (or --all)`);
      }
    });
}

async function fetchRequests(connection: HubConnection, options: ListOptions) {
  const items: HubRequest[] = [];
  let cursor = options.cursor;
  for (;;) {
    const query = queryString({
      status: options.status,
      integration: options.integration,
      overdue: options.overdue,
      dueSoon: options.dueSoon,
      email: options.email,
      limit: options.limit,
      cursor,
    });
    const page = await getResource<RequestPage>(
      connection,
      `/v1/requests${query}`,
      'the list query was',
    );
    items.push(...page.items);
    if (!options.all || !page.nextCursor) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}

/** One line per request: where it stands and how long is left. */
export function describeRequests(requests: readonly HubRequest[], now: Date): string {
  const rows = requests.map((request) => {
    const deadline = effectiveDeadline(request);
    const done = request.tasks.filter(
      (task) => task.status === 'acknowledged' || task.status === 'not_applicable',
    ).length;
    const failed = request.tasks.filter((task) => task.status === 'failed').length;
    return [
      request.id,
      request.type,
      request.status,
      request.receivedAt.slice(0, 10),
      deadline.slice(0, 10),
      request.status === 'completed' ? '' : daysLeft(deadline, now),
      flags(request).join(' '),
      `${done}/${request.tasks.length} done${failed ? `, ${failed} failed` : ''}`,
    ];
  });
  return table(
    ['id', 'type', 'status', 'received', 'deadline', 'days left', 'flags', 'tasks'],
    rows,
  );
}

/** Whole days, counting a started day: 29.9 days left reads 30, half a day late reads -1. */
function daysLeft(deadline: string, now: Date): string {
  const days = (Date.parse(deadline) - now.getTime()) / DAY_MS;
  return String(days >= 0 ? Math.ceil(days) : Math.floor(days));
}

function flags(request: HubRequest): string[] {
  const result: string[] = [];
  if (request.overdue) result.push('OVERDUE');
  else if (request.dueSoon) result.push('due-soon');
  if (extensionReason(request) !== undefined) result.push('extended');
  return result;
}
