/**
 * `/requests.js`: the request list. Overdue requests first, then newest first; filters
 * on status, integration, overdue and due soon; more pages through `nextCursor`.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const requestsJs = String.raw`
import { api, seg } from './api.js';
import { chip, daysLeft, h, say, when } from './dom.js';

const PAGE_SIZE = 25;
const DONE = new Set(['acknowledged', 'not_applicable']);

function tasksSummary(tasks) {
  const done = tasks.filter((task) => DONE.has(task.status)).length;
  const failed = tasks.filter((task) => task.status === 'failed').length;
  const waiting = tasks.filter((task) => task.status === 'awaiting_ack').length;
  return h(
    'span',
    null,
    done + ' of ' + tasks.length + ' done',
    failed ? h('span', { class: 'note-bad' }, ' · ' + failed + ' failed') : null,
    waiting ? h('span', { class: 'muted' }, ' · ' + waiting + ' awaiting ack') : null,
  );
}

function row(request) {
  return h(
    'tr',
    { class: request.overdue ? 'overdue' : null },
    h(
      'th',
      { scope: 'row' },
      h('a', { href: '#/requests/' + seg(request.id) }, request.id),
      h('div', { class: 'muted' }, request.type),
    ),
    h('td', null, request.subject?.email || h('span', { class: 'muted' }, 'no email')),
    h(
      'td',
      null,
      chip(request.status),
      request.overdue ? chip('overdue') : request.dueSoon ? chip('due_soon') : null,
    ),
    h('td', null, when(request.deadline), h('div', { class: 'muted' }, daysLeft(request))),
    h('td', null, tasksSummary(request.tasks || [])),
  );
}

function select(id, label, options, value) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id },
      options.map(([optionValue, text]) =>
        h('option', { value: optionValue, selected: optionValue === value }, text),
      ),
    ),
  );
}

function checkbox(id, label, checked) {
  return h(
    'div',
    { class: 'field check' },
    h('input', { type: 'checkbox', id, name: id, value: 'true', checked }),
    h('label', { for: id }, label),
  );
}

export async function requestsPage(root, context) {
  const params = context.params;
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter requests' },
    select(
      'status',
      'Status',
      [
        ['', 'Any status'],
        ['needs_attention', 'Needs attention'],
        ['in_progress', 'In progress'],
        ['completed', 'Completed'],
      ],
      params.get('status') || '',
    ),
    select('integration', 'Integration', [['', 'Any integration']], ''),
    checkbox('overdue', 'Overdue only', params.get('overdue') === 'true'),
    checkbox('dueSoon', 'Due within 7 days', params.get('dueSoon') === 'true'),
  );
  const status = h('p', { class: 'muted', role: 'status' });
  const error = h('p', { class: 'message', role: 'alert', hidden: true });
  const body = h('tbody');
  const table = h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, 'Requests, overdue first, then newest first'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Request', 'Subject', 'Status', 'Deadline', 'Tasks'].map((name) =>
          h('th', { scope: 'col' }, name),
        ),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  root.append(
    h('h1', null, 'Requests'),
    filters,
    error,
    status,
    h('div', { class: 'card table-wrap' }, table),
    more,
  );

  let items = [];
  let cursor = null;

  function query(withCursor) {
    const search = new URLSearchParams();
    const data = new FormData(filters);
    for (const name of ['status', 'integration', 'overdue', 'dueSoon']) {
      const value = data.get(name);
      if (value) search.set(name, String(value));
    }
    history.replaceState(null, '', '#/requests' + (search.size ? '?' + search : ''));
    search.set('limit', String(PAGE_SIZE));
    if (withCursor && cursor) search.set('cursor', cursor);
    return '/v1/requests?' + search;
  }

  async function load(next) {
    more.disabled = true;
    say(error, '');
    try {
      const page = await api(query(next));
      items = next ? items.concat(page.items) : page.items;
      cursor = page.nextCursor;
    } catch (failure) {
      if (failure.status === 401) return context.failed(failure);
      say(error, 'Could not load requests: ' + failure.message, 'error');
      return;
    } finally {
      more.disabled = false;
    }
    // Stable sort: overdue first, the API's newest-first order within each group.
    const sorted = [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
    body.replaceChildren(
      ...(sorted.length
        ? sorted.map(row)
        : [h('tr', null, h('td', { colspan: 5, class: 'empty' }, 'No requests match.'))]),
    );
    status.textContent =
      'Showing ' +
      items.length +
      (items.length === 1 ? ' request' : ' requests') +
      (cursor ? '; more are available.' : '.');
    more.hidden = !cursor;
  }

  filters.addEventListener('change', () => load(false));
  filters.addEventListener('submit', (event) => event.preventDefault());
  more.addEventListener('click', () => load(true));

  const integrations = api('/v1/integrations').then(
    (answer) => answer.items,
    () => [],
  );
  const picker = /** @type {HTMLSelectElement} */ (filters.elements.namedItem('integration'));
  for (const integration of await integrations) {
    picker.append(h('option', { value: integration.name }, integration.title || integration.name));
  }
  picker.value = params.get('integration') || '';
  await load(false);
}
`;
