import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, submit, waitForRequest } from '../support/hub-client.ts';
import { closedPortUrl, hubFlags, parseCsv, runCli, scratchDir } from './run-cli.ts';

const REPORT_COLUMNS = [
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

let hub: RunningHub;
let scratch: Awaited<ReturnType<typeof scratchDir>>;
/** A completed erasure of ada: its evidence has comma-bearing details ("…, … (2 users)"). */
let requestId: string;
/** A request whose id starts with "-", which a spreadsheet would read as a formula. */
let formulaId: string;

beforeAll(async () => {
  hub = await startHub({ port: 0, env: { HUB_INTEGRATIONS: 'auth0,stripe' } });
  scratch = await scratchDir();
  const ada = erasureOf('ada@example.com');
  const formula = { ...erasureOf('grace@example.com'), id: `-2-${Date.now()}` };
  for (const body of [ada, formula]) expect((await submit(hub, body)).status).toBe(202);
  await waitForRequest(hub, ada.id);
  await waitForRequest(hub, formula.id);
  requestId = ada.id;
  formulaId = formula.id;
});
afterAll(async () => {
  await hub?.stop();
  await scratch?.cleanup();
});

describe('dsr-hub verify', () => {
  it("re-checks a request's hash chain and exits 0 when it holds", async () => {
    const result = await runCli([
      ...hubFlags(hub, hub.secrets.HUB_COMPLIANCE_TOKEN),
      'verify',
      requestId,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^${requestId}: hash chain VALID \\(\\d+ events; head hash [0-9a-f]{64}\\)`),
    );

    const json = await runCli([...hubFlags(hub), 'verify', requestId, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ requestId, valid: true, claimedValid: true });
  });

  it('verifies a saved pack offline, and exits 5 naming the first event that was edited or removed', async () => {
    const file = join(scratch.dir, 'evidence.json');
    expect((await runCli([...hubFlags(hub), 'verify', requestId, '--save', file])).code).toBe(0);
    const pack = JSON.parse(await readFile(file, 'utf8'));
    expect(pack.events.length).toBeGreaterThan(3);

    // No hub is reachable at this URL: the check must not need one.
    const offline = ['--url', await closedPortUrl(), '--token', 'unused'];
    const intact = await runCli([...offline, 'verify', '--file', file]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('hash chain VALID');

    const edited = structuredClone(pack);
    edited.events[2].detail = `${edited.events[2].detail ?? ''} (edited)`;
    const editedFile = join(scratch.dir, 'edited.json');
    await writeFile(editedFile, JSON.stringify(edited));
    const broken = await runCli([...offline, 'verify', '--file', editedFile]);
    expect(broken.code).toBe(5);
    expect(broken.stdout).toContain('hash chain BROKEN');
    expect(broken.stdout).toContain(
      `first broken event: #3 of ${pack.events.length}: ${pack.events[2].at} ${pack.events[2].type}`,
    );
    expect(broken.stdout).toContain('the event was edited');
    // The pack still claims the chain is valid; the CLI must not believe it.
    expect(broken.stderr).toContain('the pack claims chainValid true');

    const removed = structuredClone(pack);
    removed.events.splice(1, 1);
    const removedFile = join(scratch.dir, 'removed.json');
    await writeFile(removedFile, JSON.stringify(removed));
    const gap = await runCli([...offline, 'verify', '--file', removedFile, '--json']);
    expect(gap.code).toBe(5);
    expect(JSON.parse(gap.stdout)).toMatchObject({ valid: false, brokenAt: 1 });
  });

  it('exits 2 for a file that is not an evidence pack, or with neither id nor --file', async () => {
    const notPack = join(scratch.dir, 'not-a-pack.json');
    await writeFile(notPack, '{"items": []}');
    const result = await runCli(['verify', '--file', notPack]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an evidence pack');
    expect((await runCli(['verify'])).code).toBe(2);
  });
});

describe('dsr-hub report', () => {
  it('writes RFC 4180 CSV to stdout: a header row, quoted commas, formulas defused', async () => {
    const result = await runCli([...hubFlags(hub, hub.secrets.HUB_COMPLIANCE_TOKEN), 'report']);
    expect(result.code).toBe(0);
    const records = parseCsv(result.stdout);
    expect(records[0]).toEqual(REPORT_COLUMNS);
    for (const record of records) expect(record).toHaveLength(REPORT_COLUMNS.length);

    const ada = records.filter((record) => record[0] === requestId);
    expect(ada.map((record) => record[2]).sort()).toEqual(['auth0', 'stripe']);
    const withComma = ada.find((record) => (record[9] ?? '').includes(','));
    expect(withComma, 'an evidence detail with a comma').toBeDefined();
    expect(result.stdout).toContain(`"${withComma?.[9]}"`);

    const formula = records.filter((record) => record[0] === `'${formulaId}`);
    expect(formula).toHaveLength(2);
    expect(result.stdout).not.toMatch(new RegExp(`^${formulaId}`, 'm'));
    expect(result.stdout).not.toContain('ada@example.com');
  });

  it('writes the report to a file, and JSON with --format json', async () => {
    const file = join(scratch.dir, 'report.csv');
    const written = await runCli([
      ...hubFlags(hub),
      'report',
      '--from',
      '2020-01-01',
      '--out',
      file,
    ]);
    expect(written.code).toBe(0);
    const csv = await readFile(file, 'utf8');
    const records = parseCsv(csv);
    expect(records[0]).toEqual(REPORT_COLUMNS);
    expect(written.stderr).toContain(
      `wrote ${records.length - 1} rows, ${Buffer.byteLength(csv)} bytes to ${file}`,
    );

    const json = await runCli([...hubFlags(hub), 'report', '--format', 'json']);
    expect(json.code).toBe(0);
    const { items } = JSON.parse(json.stdout);
    expect(items).toHaveLength(records.length - 1);
    expect(Object.keys(items[0])).toEqual(REPORT_COLUMNS);

    const future = await runCli([...hubFlags(hub), 'report', '--from', '2999-01-01', '--json']);
    expect(JSON.parse(future.stdout).items).toEqual([]);
  });

  it('refuses a date that is not ISO with exit 2', async () => {
    const result = await runCli([...hubFlags(hub), 'report', '--from', 'last tuesday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected an ISO date');
  });
});
