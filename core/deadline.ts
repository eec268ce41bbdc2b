/**
 * Art. 12(3) GDPR: one month from when the person asked. A month ends on the same
 * day-of-month, or on the month's last day when that day does not exist
 * (Regulation 1182/71 Art. 3(2)(c)).
 */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0),
  ).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function legalDeadline(requestedAt: Date): Date {
  return addMonths(requestedAt, 1);
}

export const DUE_SOON_MS = 7 * 24 * 3600 * 1000;

export function isOverdue(deadline: string, completed: boolean, now: Date): boolean {
  return !completed && now.getTime() > Date.parse(deadline);
}

export function isDueSoon(deadline: string, completed: boolean, now: Date): boolean {
  const left = Date.parse(deadline) - now.getTime();
  return !completed && left >= 0 && left < DUE_SOON_MS;
}
