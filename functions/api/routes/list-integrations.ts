import type { TaskStatus } from '../../../core/model.ts';
import { jsonResponse } from '../problem.ts';
import type { Route } from '../router.ts';

const COUNTED: readonly TaskStatus[] = ['pending', 'retrying', 'awaiting_ack', 'failed'];

/** The capability matrix with live counts: what each integration does, and what waits or failed. */
export const listIntegrationsRoute: Route = {
  method: 'GET',
  path: '/v1/integrations',
  roles: ['ops', 'compliance'],
  async handle({ deps }) {
    const counts = new Map<string, Record<string, number>>();
    for (const name of deps.enabled.keys()) {
      counts.set(name, Object.fromEntries(COUNTED.map((status) => [status, 0])));
    }
    for await (const request of deps.store.listOpen()) {
      for (const task of Object.values(request.tasks)) {
        const row = counts.get(task.integration);
        if (row && task.status in row) row[task.status] = (row[task.status] ?? 0) + 1;
      }
    }
    const items = await Promise.all(
      [...deps.enabled.values()].map(async (descriptor) => ({
        name: descriptor.name,
        title: descriptor.title,
        mode: descriptor.mode,
        supports: descriptor.supports,
        counts: counts.get(descriptor.name),
        queueDepth: await deps.queues.depth(descriptor.name),
      })),
    );
    return jsonResponse(200, { items });
  },
};
