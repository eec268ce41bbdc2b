import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';

/** Debian's chromium, installed by .ci/run; playwright-core brings no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const DAY = 86_400_000;

let hub: RunningHub;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: { HUB_RETRY_SCHEDULE: '1,1', HUB_INTEGRATIONS: 'auth0,stripe,github' },
    reconcileEveryMs: 1000,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function openDashboard(): Promise<Page> {
  context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 860 },
  });
  // Under the test's own timeout, so a failure names the step that waited in vain.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${hub.url}/`);
  return page;
}

/** Signs in and, unless the token is expected to fail, waits for the request list. */
async function signIn(
  page: Page,
  role: 'ops' | 'compliance',
  token: string,
  expect: 'accepted' | 'refused' = 'accepted',
): Promise<void> {
  await page.getByLabel(role === 'ops' ? /^Ops/ : /^Compliance/).check();
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (expect === 'accepted') {
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
  }
}

/** Stripe refuses the key once: a 401 is not retried, so the task fails at once. */
async function refuseStripeOnce(method: 'GET' | 'DELETE'): Promise<void> {
  await sandboxAdmin(hub, 'stripe', 'script', {
    method,
    pathIncludes: '/v1/customers',
    status: 401,
    body: { error: { type: 'invalid_request_error', message: 'Invalid API Key' } },
    times: 1,
  });
}

const row = (page: Page, name: string) => page.locator(`tr[data-integration="${name}"]`);

describe('the dashboard', () => {
  it('refuses a wrong token and keeps a good one for the tab only', async () => {
    const page = await openDashboard();
    await expect.poll(() => page.title()).toBe('Sign in · DSR Hub');
    await signIn(page, 'ops', 'not-a-token', 'refused');
    await page.getByRole('alert').getByText('The hub did not accept this token.').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sign-in.png` });

    await signIn(page, 'ops', hub.secrets.HUB_OPS_TOKEN);
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByText('Ops').waitFor();
    const stored = await page.evaluate(() => sessionStorage.getItem('dsr-hub.session'));
    expect(JSON.parse(stored ?? '{}')).toEqual({ role: 'ops', token: hub.secrets.HUB_OPS_TOKEN });
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('shows a failed Stripe task, redrives it, and watches the request complete', async () => {
    await refuseStripeOnce('DELETE');
    const late = erasureOf('ada@example.com', {
      requestedAt: new Date(Date.now() - 33 * DAY).toISOString(),
    });
    expect((await submit(hub, late)).status).toBe(202);
    expect((await waitForRequest(hub, late.id)).status).toBe('needs_attention');
    const onTime = erasureOf('grace@example.com');
    expect((await submit(hub, onTime)).status).toBe(202);
    expect((await waitForRequest(hub, onTime.id)).status).toBe('completed');

    const page = await openDashboard();
    await signIn(page, 'ops', hub.secrets.HUB_OPS_TOKEN);

    // The overdue request comes first although it is the older one.
    const rows = page.locator('tbody tr');
    await rows.nth(1).waitFor();
    await expect.poll(() => rows.nth(0).locator('th a').textContent()).toBe(late.id);
    await expect.poll(() => rows.nth(0).textContent()).toMatch(/Needs attention.*Overdue/);
    await expect.poll(() => rows.nth(0).textContent()).toContain('days overdue');
    await expect.poll(() => rows.nth(1).textContent()).toContain('Completed');
    expect(await page.locator('main').textContent()).not.toContain('ada@example.com');
    await page.screenshot({ path: `${SCREENSHOTS}requests.png`, fullPage: true });

    await page.getByLabel('Status').selectOption('needs_attention');
    await expect.poll(() => rows.count()).toBe(1);
    expect(page.url()).toContain('#/requests?status=needs_attention');

    await page.getByRole('link', { name: 'Integrations' }).click();
    await expect.poll(() => row(page, 'stripe').textContent()).toMatch(/Failing.*Redrive 1 failed/);
    await page.screenshot({ path: `${SCREENSHOTS}integrations.png`, fullPage: true });

    await page.getByRole('button', { name: 'Redrive stripe' }).click();
    await page.getByRole('status').getByText('Redrive of stripe: 1 task started again.').waitFor();
    await expect
      .poll(() => row(page, 'stripe').textContent(), { timeout: 20_000 })
      .toMatch(/Healthy.*nothing to redrive/);

    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('link', { name: late.id }).click();
    await page.getByRole('heading', { level: 1, name: `Request ${late.id}` }).waitFor();
    const facts = page.locator('.facts');
    await expect.poll(() => facts.textContent(), { timeout: 20_000 }).toMatch(/StatusCompleted/);
    await page.getByText('Audit trail intact.').waitFor();

    const stripe = page.locator('.group', { has: page.getByRole('heading', { name: 'stripe' }) });
    await expect
      .poll(() => stripe.locator('li').allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/Failed/),
          expect.stringMatching(/Redrivenby ops/),
          expect.stringMatching(/Acknowledged/),
        ]),
      );
    await page.getByRole('heading', { name: 'auth0' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}request.png`, fullPage: true });

    const view = await getJson(hub, `/v1/requests/${late.id}`);
    expect(view.body.status).toBe('completed');
  }, 90_000);

  it('lets ops retry a task and extend a deadline, both recorded in the timeline', async () => {
    // The look-up by email fails once; afterwards Stripe finds nobody (erased above).
    await refuseStripeOnce('GET');
    const body = erasureOf('ada@example.com', { integrations: ['stripe'] });
    await submit(hub, body);
    expect((await waitForRequest(hub, body.id)).status).toBe('needs_attention');

    const page = await openDashboard();
    await signIn(page, 'ops', hub.secrets.HUB_OPS_TOKEN);
    await page.goto(`${hub.url}/#/requests/${body.id}`);
    await page.getByRole('button', { name: 'Retry stripe' }).click();
    await page.getByText('Retry of stripe started.').waitFor();
    await expect
      .poll(() => page.locator('.facts').textContent(), { timeout: 20_000 })
      .toMatch(/StatusCompleted/);
    await page.getByText(/Retriedby ops/).waitFor();

    // A completed request cannot be extended: the form is gone.
    expect(await page.getByText('Extend the deadline').count()).toBe(0);

    const open = erasureOf('grace@example.com', { integrations: ['stripe'] });
    await refuseStripeOnce('GET');
    await submit(hub, open);
    await waitForRequest(hub, open.id);
    await page.goto(`${hub.url}/#/requests/${open.id}`);
    await page.getByText(/Extend the deadline/).click();
    await page.getByLabel('Extend by').selectOption('2');
    // Text typed by a person comes back from the API: it must stay text, never markup.
    await page
      .getByLabel(/Reason/)
      .fill('Backups need a second rotation <img src=x onerror=alert(1)>');
    await page.getByRole('button', { name: 'Extend deadline' }).click();
    await page.getByText('Deadline extended.').waitFor();
    await expect
      .poll(() => page.locator('.facts').textContent())
      .toMatch(/Extendedby 2 months.*Reason for the extensionBackups need a second rotation <img/);
    await page.locator('.timeline li', { hasText: 'Deadline extendedby ops' }).waitFor();
    expect(await page.getByText('Extend the deadline').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
  }, 90_000);

  it('shows compliance officers no ops buttons, even when they pick the ops role', async () => {
    await refuseStripeOnce('GET');
    const body = erasureOf('grace@example.com', { integrations: ['stripe'] });
    await submit(hub, body);
    expect((await waitForRequest(hub, body.id)).status).toBe('needs_attention');

    const page = await openDashboard();
    await signIn(page, 'ops', hub.secrets.HUB_COMPLIANCE_TOKEN);
    await page.getByText('This token is read-only: you are signed in as Compliance.').waitFor();
    await page.getByRole('navigation').getByText('Compliance (read-only)').waitFor();

    await page.getByRole('link', { name: 'Integrations' }).click();
    await row(page, 'stripe').waitFor();
    expect(await page.getByRole('button', { name: /Redrive/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('link', { name: body.id }).click();
    await page.getByText(/Audit trail intact/).waitFor();
    await page.getByRole('row', { name: /stripe Failed/ }).waitFor();
    expect(await page.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(await page.getByText('Extend the deadline').count()).toBe(0);
  });
});
