import type { Command } from 'commander';
import type { EventItem } from '../api-types.ts';
import { getResource, resolveConnection } from '../hub-client.ts';
import { table } from '../render.ts';

export function registerEvents(program: Command): void {
  program
    .command('events <id>')
    .description("show a request's audit trail, oldest first")
    .option('--json', 'print {"items": [...]} as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const connection = resolveConnection(program.opts());
      const trail = await getResource<{ items: EventItem[] }>(
        connection,
        `/v1/requests/${encodeURIComponent(id)}/events`,
        'the audit trail query was',
      );
      console.log(options.json ? JSON.stringify(trail, null, 2) : describeEvents(trail.items));
    });
}

export function describeEvents(events: readonly EventItem[]): string {
  return table(
    ['at', 'type', 'integration', 'actor', 'status', 'detail'],
    events.map((event) => [
      event.at,
      event.type,
      event.integration ?? '',
      event.actor,
      event.vendorStatus == null ? '' : String(event.vendorStatus),
      event.detail ?? '',
    ]),
  );
}
