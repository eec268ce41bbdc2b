import { apiJs } from './ui/api-js.ts';
import { appCss } from './ui/app-css.ts';
import { appJs } from './ui/app-js.ts';
import { domJs } from './ui/dom-js.ts';
import { indexHtml } from './ui/index-html.ts';
import { integrationsJs } from './ui/integrations-js.ts';
import { requestJs } from './ui/request-js.ts';
import { requestsJs } from './ui/requests-js.ts';
import { signInJs } from './ui/sign-in-js.ts';

/** One file of the dashboard, as the api function answers it. */
export interface DashboardAsset {
  contentType: string;
  body: string;
}

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// The files are string constants, not files on disk, so the esbuild bundle of the api
// function carries them with no loader configuration and there is no build step.
const ASSETS: ReadonlyMap<string, DashboardAsset> = new Map([
  ['/', { contentType: HTML, body: indexHtml }],
  ['/app.css', { contentType: CSS, body: appCss }],
  ['/app.js', { contentType: JS, body: appJs }],
  ['/api.js', { contentType: JS, body: apiJs }],
  ['/dom.js', { contentType: JS, body: domJs }],
  ['/sign-in.js', { contentType: JS, body: signInJs }],
  ['/requests.js', { contentType: JS, body: requestsJs }],
  ['/request.js', { contentType: JS, body: requestJs }],
  ['/integrations.js', { contentType: JS, body: integrationsJs }],
]);

/** Every path the dashboard serves, e.g. for registering one route per file. */
export const dashboardPaths: readonly string[] = [...ASSETS.keys()];

/**
 * The dashboard file at `path` (`/`, `/app.js`, `/app.css`, …), or undefined when the
 * dashboard has no such file. Bodies are UTF-8 text.
 */
export function dashboardAsset(path: string): DashboardAsset | undefined {
  return ASSETS.get(path === '/index.html' ? '/' : path);
}
