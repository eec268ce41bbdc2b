import type { RequestView } from '../core/request-view.ts';

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

export function describeRequest(request: RequestView): string {
  const head = `${request.id}  ${request.type}  ${request.status}${request.overdue ? '  OVERDUE' : ''}
subject ${request.subject.email ?? '(no email)'}  deadline ${request.deadline.slice(0, 10)}`;
  const rows = request.tasks.map((task) => [
    task.integration,
    task.status,
    String(task.attempts),
    task.evidence?.verification ?? '',
    task.lastError ?? task.reason ?? task.evidence?.detail ?? '',
  ]);
  return `${head}\n\n${table(['integration', 'status', 'attempts', 'verified', 'detail'], rows)}`;
}
