/**
 * `/request.js`: one request. Its facts and deadline, each task with its evidence, the
 * audit chain's validity, the timeline grouped per integration, and the ops actions
 * (retry a task, extend the deadline once).
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const requestJs = String.raw`
import { ApiError, act, api, isOps, seg } from './api.js';
import { chip, daysLeft, facts, h, say, statusLabel, when } from './dom.js';

const DONE = new Set(['acknowledged', 'not_applicable']);
const EVENT_LABELS = {
  received: 'Received',
  attempt: 'Attempt',
  retry_scheduled: 'Retry scheduled',
  acknowledged: 'Acknowledged',
  not_applicable: 'Not applicable',
  failed: 'Failed',
  awaiting_ack: 'Awaiting acknowledgement',
  ack_received: 'Acknowledgement received',
  redrive: 'Redriven',
  retry: 'Retried',
  extended: 'Deadline extended',
  callback_sent: 'Callback sent',
  purged: 'Identifiers purged',
};

function outcome(task) {
  const evidence = task.evidence;
  return h(
    'div',
    { class: 'outcome' },
    evidence
      ? h(
          'div',
          null,
          evidence.vendorStatus
            ? h('span', { class: 'code' }, 'HTTP ' + evidence.vendorStatus)
            : null,
          ' ',
          evidence.detail,
        )
      : null,
    task.reason ? h('div', null, task.reason) : null,
    task.lastError && !DONE.has(task.status)
      ? h('div', { class: 'note-bad' }, task.lastError)
      : null,
    task.nextAttemptAt
      ? h('div', { class: 'muted' }, 'Next attempt ', when(task.nextAttemptAt))
      : null,
    task.awaitingAckSince
      ? h(
          'div',
          { class: 'muted' },
          'Waiting for the recipient since ',
          when(task.awaitingAckSince),
        )
      : null,
    task.acknowledgedAt
      ? h('div', { class: 'muted' }, 'Confirmed ', when(task.acknowledgedAt))
      : null,
    evidence?.retained ? h('div', { class: 'muted' }, 'Kept: ' + evidence.retained) : null,
  );
}

function verification(task) {
  const state = task.evidence?.verification;
  if (!state) return h('span', { class: 'muted' }, DONE.has(task.status) ? '—' : 'not yet');
  return h(
    'div',
    null,
    chip(state),
    h('div', { class: 'muted' }, task.evidence.verificationDetail),
  );
}

function tasksTable(request, onRetry) {
  const ops = isOps() && request.tasks.some((task) => !DONE.has(task.status));
  const headings = ['Integration', 'Status', 'Attempts', 'Outcome', 'Verification'];
  return h(
    'div',
    { class: 'card table-wrap' },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, 'Tasks, one per recipient'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          [...headings, ...(ops ? ['Action'] : [])].map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        null,
        request.tasks.map((task) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, task.integration),
            h('td', null, chip(task.status)),
            h('td', { class: 'number' }, String(task.attempts)),
            h('td', null, outcome(task)),
            h('td', null, verification(task)),
            ops
              ? h(
                  'td',
                  null,
                  DONE.has(task.status)
                    ? null
                    : h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': 'Retry ' + task.integration,
                          onclick: () => onRetry(task.integration),
                        },
                        'Retry',
                      ),
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

function evidenceSection(request, pack, packError) {
  const download = () => {
    const file = new Blob([JSON.stringify(pack, null, 2)], { type: 'application/json' });
    const link = h('a', {
      href: URL.createObjectURL(file),
      download: 'evidence-' + request.id + '.json',
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return h(
    'section',
    { 'aria-labelledby': 'evidence-heading' },
    h('h2', { id: 'evidence-heading' }, 'Evidence'),
    pack
      ? h(
          'div',
          { class: 'card evidence ' + (pack.chainValid ? 'chain-ok' : 'chain-broken') },
          h(
            'p',
            { class: 'chain' },
            h('strong', null, pack.chainValid ? 'Audit trail intact.' : 'Audit trail broken.'),
            ' ',
            pack.chainValid
              ? 'All ' +
                  pack.events.length +
                  ' events are linked by SHA-256 hashes; none was changed or removed.'
              : 'An event was changed or removed after it was recorded. Report this before relying on the evidence.',
          ),
          h('p', { class: 'muted' }, 'Evidence pack generated ', when(pack.generatedAt)),
          h('button', { type: 'button', onclick: download }, 'Download evidence pack (JSON)'),
        )
      : h('p', { class: 'message message-error' }, 'Evidence pack unavailable: ' + packError),
  );
}

function timeline(request, events) {
  const groups = new Map([['', []]]);
  for (const task of request.tasks) groups.set(task.integration, []);
  for (const event of events) {
    const key = event.integration || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(event);
  }
  const status = new Map(request.tasks.map((task) => [task.integration, task.status]));
  return h(
    'section',
    { 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, 'Timeline'),
    [...groups]
      .filter(([, list]) => list.length)
      .map(([key, list]) =>
        h(
          'div',
          { class: 'card group' },
          h('h3', null, key || 'Request', key && status.get(key) ? chip(status.get(key)) : null),
          h(
            'ol',
            { class: 'timeline' },
            list.map((event) =>
              h(
                'li',
                { class: 'event-' + event.type },
                when(event.at, true),
                h(
                  'span',
                  { class: 'event-type' },
                  EVENT_LABELS[event.type] || statusLabel(event.type),
                ),
                h('span', { class: 'muted' }, 'by ' + event.actor),
                event.vendorStatus
                  ? h('span', { class: 'code' }, 'HTTP ' + event.vendorStatus)
                  : null,
                event.detail ? h('span', { class: 'detail' }, event.detail) : null,
              ),
            ),
          ),
        ),
      ),
  );
}

function extensionForm(onExtend) {
  const form = h(
    'form',
    { class: 'extension' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'months' }, 'Extend by'),
      h(
        'select',
        { id: 'months', name: 'months' },
        h('option', { value: '1' }, '1 month'),
        h('option', { value: '2' }, '2 months'),
      ),
    ),
    h(
      'div',
      { class: 'field grow' },
      h('label', { for: 'reason' }, 'Reason (recorded in the audit trail)'),
      h('input', { id: 'reason', name: 'reason', required: true, minlength: 3, maxlength: 1000 }),
    ),
    h('button', { type: 'submit' }, 'Extend deadline'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    onExtend(Number(data.get('months')), String(data.get('reason')).trim());
  });
  return h(
    'details',
    { class: 'card' },
    h('summary', null, 'Extend the deadline (GDPR Art. 12(3), once, up to two months)'),
    form,
  );
}

export async function requestPage(root, context, id) {
  const path = '/v1/requests/' + seg(id);
  const message = h('p', { class: 'message', role: 'status', tabindex: -1, hidden: true });
  const summary = h('div');
  // Kept out of the refreshed parts, so a reason being typed survives a refresh.
  const extensionSlot = h('div');
  const content = h('div');
  root.append(
    h('p', null, h('a', { href: '#/requests' }, '← All requests')),
    h('h1', null, 'Request ', h('span', { class: 'id' }, id)),
    message,
    summary,
    extensionSlot,
    content,
  );
  let shown = '';
  let settled = false;

  async function action(run, done) {
    try {
      await run();
      say(message, done, 'ok');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.failed(error);
      say(message, error.message, 'error');
    }
    shown = '';
    await refresh();
    // The pressed button may be gone after the refresh: keep the keyboard user near the result.
    message.focus();
  }
  const retry = (integration) =>
    action(
      () => act(path + '/tasks/' + seg(integration) + '/retry'),
      'Retry of ' + integration + ' started.',
    );
  const extend = (months, reason) => {
    if (reason.length < 3) return say(message, 'Give the reason for the extension.', 'error');
    return action(() => act(path + '/extension', { months, reason }), 'Deadline extended.');
  };

  async function refresh() {
    const [request, events, evidence] = await Promise.all([
      api(path),
      api(path + '/events'),
      api(path + '/evidence').catch((error) => error),
    ]);
    const pack = evidence instanceof Error ? null : evidence;
    settled = request.status === 'completed';
    const extension = request.extension;
    const extensible = isOps() && !extension && !settled;
    if (!extensible) extensionSlot.replaceChildren();
    else if (!extensionSlot.firstChild) extensionSlot.append(extensionForm(extend));
    const snapshot = JSON.stringify([
      request,
      events,
      pack?.chainValid,
      pack?.events.length,
      isOps(),
    ]);
    if (snapshot === shown) return;
    shown = snapshot;
    summary.replaceChildren(
      h(
        'div',
        { class: 'card' },
        facts([
          [
            'Status',
            h(
              'span',
              null,
              chip(request.status),
              request.overdue ? chip('overdue') : request.dueSoon ? chip('due_soon') : null,
            ),
          ],
          ['Type', request.type],
          ['Subject', request.subject?.email || 'no email on record'],
          ['Asked on', when(request.requestedAt)],
          ['Received', when(request.receivedAt)],
          ['Deadline', h('span', null, when(request.deadline), ' (' + daysLeft(request) + ')')],
          [
            'Extended',
            extension
              ? 'by ' + extension.months + (extension.months === 1 ? ' month' : ' months')
              : null,
          ],
          ['Original deadline', extension ? when(extension.originalDeadline) : null],
          ['Reason for the extension', extension?.reason],
          ['Completed', request.completedAt ? when(request.completedAt) : null],
          ['Identifiers purged', request.purgedAt ? when(request.purgedAt) : null],
        ]),
      ),
    );
    content.replaceChildren(
      h('h2', null, 'Tasks'),
      tasksTable(request, retry),
      evidenceSection(request, pack, evidence instanceof Error ? evidence.message : ''),
      timeline(request, events.items),
    );
  }

  await refresh();
  context.every(2500, () => {
    if (settled || document.hidden) return;
    refresh().catch((error) =>
      error.status === 401
        ? context.failed(error)
        : say(message, 'Could not refresh: ' + error.message, 'error'),
    );
  });
}
`;
