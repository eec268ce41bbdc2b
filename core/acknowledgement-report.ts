import { isOverdue } from './deadline.ts';
import type { DsrRequest } from './model.ts';

/** One row per task: what a regulator or auditor asks for. Never a raw identifier. */
export interface AcknowledgementRow {
  requestId: string;
  type: string;
  integration: string;
  status: string;
  attempts: number;
  acknowledgedAt: string;
  deadline: string;
  overdue: boolean;
  verification: string;
  evidence: string;
}

export const REPORT_COLUMNS: readonly (keyof AcknowledgementRow)[] = [
  'requestId',
  'type',
  'integration',
  'status',
  'attempts',
  'acknowledgedAt',
  'deadline',
  'overdue',
  'verification',
  'evidence',
];

export function reportRows(request: DsrRequest, now: Date): AcknowledgementRow[] {
  return Object.values(request.tasks).map((task) => ({
    requestId: request.id,
    type: request.type,
    integration: task.integration,
    status: task.status,
    attempts: task.attempts,
    acknowledgedAt: task.acknowledgedAt ?? '',
    deadline: request.deadline,
    overdue: isOverdue(request.deadline, request.status === 'completed', now),
    verification: task.evidence?.verification ?? '',
    evidence: task.evidence?.detail ?? task.reason ?? task.lastError ?? '',
  }));
}

/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (= + - @, tab, CR)
 * get a leading apostrophe, so an exported report cannot execute anything.
 */
export function toCsvLine(values: readonly (string | number | boolean)[]): string {
  return values
    .map((value) => {
      let text = String(value);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}

export function reportCsvHeader(): string {
  return toCsvLine(REPORT_COLUMNS);
}

export function reportCsvRow(row: AcknowledgementRow): string {
  return toCsvLine(REPORT_COLUMNS.map((column) => row[column]));
}
