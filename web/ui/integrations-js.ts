/**
 * `/integrations.js`: every enabled integration with its health, task counts and queue
 * depth, and (ops) a redrive of its failed tasks. Refreshes itself while shown.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const integrationsJs = String.raw`
import { ApiError, act, api, isOps, seg } from './api.js';
import { h, say } from './dom.js';

function health(counts) {
  if (counts.failed > 0) return h('span', { class: 'chip chip-failed' }, 'Failing');
  if (counts.retrying > 0) return h('span', { class: 'chip chip-retrying' }, 'Retrying');
  return h('span', { class: 'chip chip-completed' }, 'Healthy');
}

const count = (value, bad) =>
  h('td', { class: 'number' + (bad && value > 0 ? ' note-bad' : '') }, String(value ?? 0));

export async function integrationsPage(root, context) {
  const message = h('p', { class: 'message', role: 'status', tabindex: -1, hidden: true });
  const body = h('tbody');
  const head = h('thead');
  root.append(
    h('h1', null, 'Integrations'),
    h(
      'p',
      { class: 'lead' },
      'Each recipient of requests, with what it is doing now. A failed task has used up its retries and waits for ops.',
    ),
    message,
    h(
      'div',
      { class: 'card table-wrap' },
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, 'Integrations and their task counts'),
        head,
        body,
      ),
    ),
  );
  let shown = '';

  async function redrive(name) {
    try {
      const answer = await act('/v1/integrations/' + seg(name) + '/redrive');
      const n = answer?.redriven ?? 0;
      say(
        message,
        'Redrive of ' + name + ': ' + n + (n === 1 ? ' task' : ' tasks') + ' started again.',
        'ok',
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.failed(error);
      say(message, 'Redrive of ' + name + ' failed: ' + error.message, 'error');
    }
    shown = '';
    await refresh();
    // The pressed button may be gone after the refresh: keep the keyboard user near the result.
    message.focus();
  }

  async function refresh() {
    const { items } = await api('/v1/integrations');
    const ops = isOps();
    const snapshot = JSON.stringify([items, ops]);
    if (snapshot === shown) return;
    shown = snapshot;
    const columns = [
      'Integration',
      'Health',
      'Mode',
      'Supports',
      'Pending',
      'Retrying',
      'Awaiting ack',
      'Failed',
      'Queue',
    ];
    head.replaceChildren(
      h(
        'tr',
        null,
        [...columns, ...(ops ? ['Action'] : [])].map((name) => h('th', { scope: 'col' }, name)),
      ),
    );
    body.replaceChildren(
      ...items.map((item) =>
        h(
          'tr',
          { 'data-integration': item.name },
          h(
            'th',
            { scope: 'row' },
            item.title || item.name,
            h('div', { class: 'muted code' }, item.name),
          ),
          h('td', null, health(item.counts)),
          h('td', null, item.mode),
          h('td', null, (item.supports || []).join(', ')),
          count(item.counts.pending),
          count(item.counts.retrying),
          count(item.counts.awaiting_ack),
          count(item.counts.failed, true),
          h(
            'td',
            { class: 'number' },
            item.queueDepth === null || item.queueDepth === undefined
              ? '—'
              : String(item.queueDepth),
          ),
          ops
            ? h(
                'td',
                null,
                item.counts.failed > 0
                  ? h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': 'Redrive ' + item.name,
                        onclick: () => redrive(item.name),
                      },
                      'Redrive ' + item.counts.failed + ' failed',
                    )
                  : h('span', { class: 'muted' }, 'nothing to redrive'),
              )
            : null,
        ),
      ),
    );
  }

  await refresh();
  context.every(3000, () => {
    if (document.hidden) return;
    refresh().catch((error) =>
      error.status === 401
        ? context.failed(error)
        : say(message, 'Could not refresh: ' + error.message, 'error'),
    );
  });
}
`;
