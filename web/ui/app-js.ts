/**
 * `/app.js`: the shell. Hash routes (`#/requests`, `#/requests/{id}`, `#/integrations`,
 * `#/sign-in`), the navigation bar, and what happens on errors common to every page.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const appJs = String.raw`
import { ApiError, currentSession, endSession } from './api.js';
import { h } from './dom.js';
import { integrationsPage } from './integrations.js';
import { requestPage } from './request.js';
import { requestsPage } from './requests.js';
import { signInPage } from './sign-in.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
let stopPage = () => {};

/** A message for the next page shown: a sign-out, an expired token, a read-only token. */
let notice = '';

function decoded(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function renderNav(session, path) {
  const link = (href, text, active) =>
    h('a', { href, 'aria-current': active ? 'page' : null }, text);
  nav.replaceChildren(
    ...(session
      ? [
          link('#/requests', 'Requests', path.startsWith('/requests')),
          link('#/integrations', 'Integrations', path.startsWith('/integrations')),
          h(
            'span',
            { class: 'role', title: 'Signed in with this role' },
            session.role === 'ops' ? 'Ops' : 'Compliance (read-only)',
          ),
          h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'),
        ]
      : []),
  );
}

function signOut() {
  endSession();
  notice = 'You are signed out.';
  location.hash = '#/sign-in';
}

/** Errors every page handles alike: a rejected token ends the session. */
function failed(root, error) {
  if (error instanceof ApiError && error.status === 401) {
    endSession();
    notice = 'The hub did not accept the token any more. Please sign in again.';
    location.hash = '#/sign-in';
    return;
  }
  const text =
    error instanceof ApiError
      ? error.title + (error.message && error.message !== error.title ? ': ' + error.message : '')
      : 'Something went wrong in the dashboard. Reload the page to try again.';
  root.append(h('p', { class: 'message message-error', role: 'alert' }, text));
}

function route() {
  stopPage();
  const timers = [];
  stopPage = () => timers.forEach(clearInterval);
  const [path = '', query = ''] = location.hash.slice(1).split('?');
  const session = currentSession();
  if (!session && path !== '/sign-in') {
    location.replace('#/sign-in');
    return;
  }
  renderNav(session, path);
  const parts = path.split('/').filter(Boolean);
  const root = h('div', { class: 'page' });
  main.replaceChildren(root);
  const context = {
    params: new URLSearchParams(query),
    /** Runs fn every ms while this page is shown. */
    every(ms, fn) {
      timers.push(setInterval(fn, ms));
    },
    failed: (error) => failed(root, error),
    /** Shows text on the next page, e.g. after a sign-in. */
    tell(text) {
      notice = text;
    },
  };
  let page;
  if (parts[0] === 'sign-in') page = signInPage(root, context);
  else if (parts[0] === 'requests' && parts[1])
    page = requestPage(root, context, decoded(parts[1]));
  else if (parts[0] === 'integrations') page = integrationsPage(root, context);
  else page = requestsPage(root, context);
  Promise.resolve(page).catch(context.failed);
  const heading = root.querySelector('h1');
  if (heading && notice) {
    heading.after(h('p', { class: 'message message-info', role: 'status' }, notice));
    notice = '';
  }
  if (heading) {
    document.title = heading.textContent + ' · DSR Hub';
    heading.setAttribute('tabindex', '-1');
    // Moves screen readers and keyboard users to the new page, as a page load would.
    heading.focus();
  }
}

window.addEventListener('hashchange', route);
route();
`;
