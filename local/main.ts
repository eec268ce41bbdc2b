import { resolve } from 'node:path';
import { startHub } from './hub.ts';

/** `npm start`: the whole hub on this machine, state under HUB_DATA_DIR. */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.HUB_DATA_DIR ?? './.hub-data');
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  }
  const hub = await startHub({
    dataDir,
    port,
    log: (line) => console.error(`[hub] ${line}`),
  });
  const sandboxes = [...hub.sandboxes.entries()]
    .map(([name, server]) => `  ${name.padEnd(18)} ${server.baseUrl}`)
    .join('\n');
  console.log(`DSR Hub is running at ${hub.url}
  state:              ${dataDir}
  ingest secret:      ${hub.secrets.HUB_INGEST_SECRET}
  ops token:          ${hub.secrets.HUB_OPS_TOKEN}
  compliance token:   ${hub.secrets.HUB_COMPLIANCE_TOKEN}
sandbox vendors:
${sandboxes || '  (none: every integration has credentials)'}
Try: npx dsr-hub submit --email ada@example.com --type erasure`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the hub`);
    await hub.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    `dsr-hub could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
