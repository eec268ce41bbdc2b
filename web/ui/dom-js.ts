/**
 * `/dom.js`: builds elements from data. Every string goes in as a text node or an
 * attribute value, never as markup, so nothing the API returns can inject HTML.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const domJs = String.raw`
/**
 * @param {string} tag
 * @param {Record<string, unknown> | null} [props] attributes; on* functions become listeners
 * @param {...unknown} children strings (as text), nodes, arrays; null/false are skipped
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(3)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const LABELS = {
  in_progress: 'In progress',
  completed: 'Completed',
  needs_attention: 'Needs attention',
  pending: 'Pending',
  retrying: 'Retrying',
  awaiting_ack: 'Awaiting acknowledgement',
  acknowledged: 'Acknowledged',
  not_applicable: 'Not applicable',
  failed: 'Failed',
  overdue: 'Overdue',
  due_soon: 'Due soon',
  verified: 'Verified',
  unverifiable: 'Unverifiable',
};

/** @param {string} status */
export function statusLabel(status) {
  return LABELS[status] || status.replaceAll('_', ' ');
}

/** A status as a chip: colour helps, the words carry the meaning. */
export function chip(status) {
  return h('span', { class: 'chip chip-' + status }, statusLabel(status));
}

const MINUTES = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const SECONDS = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * A time in the reader's locale; the exact ISO time is in the title.
 * @param {string | null | undefined} iso
 * @param {boolean} [seconds] for audit events, where the order within a minute matters
 */
export function when(iso, seconds) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const format = seconds ? SECONDS : MINUTES;
  return h('time', { datetime: iso, title: iso }, format.format(new Date(iso)));
}

const DAY = 86400000;

/**
 * Days left until the deadline, in words.
 * @param {{deadline: string, overdue: boolean, status: string, completedAt?: string | null}} request
 */
export function daysLeft(request) {
  if (request.status === 'completed') return 'done';
  const left = Date.parse(request.deadline) - Date.now();
  if (request.overdue || left < 0) {
    const late = Math.max(1, Math.ceil(-left / DAY));
    return late === 1 ? '1 day overdue' : late + ' days overdue';
  }
  const days = Math.floor(left / DAY);
  if (days === 0) return 'due today';
  return days === 1 ? '1 day left' : days + ' days left';
}

/** A message region's new text, announced by screen readers through role=status/alert. */
export function say(region, text, tone) {
  region.textContent = text;
  region.className = 'message' + (tone ? ' message-' + tone : '');
  region.hidden = !text;
}

/** A definition list from [term, value] pairs; pairs with an empty value are left out. */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))),
  );
}
`;
