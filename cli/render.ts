import { effectiveDeadline, extensionReason, type HubRequest } from './api-types.ts';

/** A plain aligned table; no colours, so it reads the same in a log file. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A request's header lines and one row per task. */
export function describeRequest(request: HubRequest): string {
  const flag = request.overdue ? '  OVERDUE' : request.dueSoon ? '  due soon' : '';
  const reason = extensionReason(request);
  const extended = reason === undefined ? '' : ` (extended: ${reason})`;
  const purged = request.purgedAt ? `  identifiers purged ${request.purgedAt.slice(0, 10)}` : '';
  const head = `${request.id}  ${request.type}  ${request.status}${flag}
subject ${request.subject.email ?? '(no email)'}  deadline ${effectiveDeadline(request).slice(0, 10)}${extended}${purged}`;
  const rows = request.tasks.map((task) => [
    task.integration,
    task.status,
    String(task.attempts),
    task.evidence?.verification ?? '',
    task.lastError ?? task.reason ?? task.evidence?.detail ?? '',
  ]);
  return `${head}\n\n${table(['integration', 'status', 'attempts', 'verified', 'detail'], rows)}`;
}
