import { reportCsvHeader, reportCsvRow, reportRows } from '../../../core/acknowledgement-report.ts';
import { jsonResponse } from '../problem.ts';
import { parseQuery, reportQuerySchema } from '../query.ts';
import type { Route } from '../router.ts';

/** One row per task of the requests received in [from, to), as CSV or JSON. */
export const acknowledgementReportRoute: Route = {
  method: 'GET',
  path: '/v1/reports/acknowledgements',
  roles: ['compliance', 'ops'],
  async handle({ event, deps }) {
    const query = parseQuery(reportQuerySchema, event.queryStringParameters);
    const now = deps.clock.now();
    const rows = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listPage({
        limit: 100,
        cursor,
        receivedFrom: query.from,
        receivedTo: query.to,
      });
      for (const request of page.items) rows.push(...reportRows(request, now));
      cursor = page.cursor;
    } while (cursor);
    if (query.format === 'json') return jsonResponse(200, { items: rows });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="acknowledgements.csv"',
      },
      body: `${[reportCsvHeader(), ...rows.map(reportCsvRow)].join('\r\n')}\r\n`,
    };
  },
};
