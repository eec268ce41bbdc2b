/**
 * `/sign-in.js`: a role and a token. The token is checked against the API before it is
 * kept; the ops role is confirmed by the hub before any ops button is shown.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const signInJs = String.raw`
import { ApiError, api, saveSession } from './api.js';
import { h, say } from './dom.js';

/** Asks the hub which role the token carries (GET /v1/me): only ops may act. */
async function mayAct(token) {
  const me = await api('/v1/me', { token });
  return me.role === 'ops';
}

export function signInPage(root, context) {
  const message = h('p', { class: 'message', role: 'alert', hidden: true });
  const role = (value, title, hint, checked) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'role', value, checked }),
      h('span', null, h('strong', null, title), h('span', { class: 'hint' }, hint)),
    );
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
  });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card sign-in', novalidate: true },
    h(
      'fieldset',
      null,
      h('legend', null, 'Role'),
      role('compliance', 'Compliance', 'Read requests, timelines and evidence.', true),
      role('ops', 'Ops', 'Also retry tasks, redrive integrations and extend deadlines.', false),
    ),
    message,
    h('label', { for: 'token' }, 'Token'),
    token,
    h(
      'p',
      { class: 'hint' },
      'Kept in this browser tab only, and forgotten when the tab is closed.',
    ),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) {
      say(message, 'Enter your token.', 'error');
      token.focus();
      return;
    }
    const chosen = new FormData(form).get('role') === 'ops' ? 'ops' : 'compliance';
    button.disabled = true;
    say(message, 'Checking the token…', 'info');
    try {
      const actual = chosen === 'ops' && !(await mayAct(value)) ? 'compliance' : chosen;
      if (actual !== chosen)
        context.tell('This token is read-only: you are signed in as Compliance.');
      saveSession({ role: actual, token: value });
      location.hash = '#/requests';
    } catch (error) {
      const rejected = error instanceof ApiError && (error.status === 401 || error.status === 403);
      say(message, rejected ? 'The hub did not accept this token.' : error.message, 'error');
      token.focus();
    } finally {
      button.disabled = false;
    }
  });
  root.append(
    h('h1', null, 'Sign in'),
    h(
      'p',
      { class: 'lead' },
      'DSR Hub carries data-subject requests to every recipient and keeps the evidence.',
    ),
    form,
  );
}
`;
