import { type Command, Option } from 'commander';
import { downloadText, downloadToFile, writeStdout } from '../download.ts';
import { queryString, resolveConnection } from '../hub-client.ts';
import { isoDate, wantsProgress } from '../options.ts';

interface ReportOptions {
  from?: string;
  to?: string;
  out?: string;
  format: 'csv' | 'json';
  json?: boolean;
}

const WHAT = 'the acknowledgements report was';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'export the acknowledgements report: one row per task, for a regulator or an auditor',
    )
    .option('--from <date>', 'requests received on or after this ISO date/time', isoDate)
    .option('--to <date>', 'requests received before this ISO date/time', isoDate)
    .option('--out <file>', 'write the report to this file instead of stdout')
    .addOption(
      new Option('--format <format>', 'csv (RFC 4180) or json')
        .choices(['csv', 'json'])
        .default('csv'),
    )
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .action(async (options: ReportOptions) => {
      const connection = resolveConnection(program.opts());
      const format = options.json ? 'json' : options.format;
      const path = `/v1/reports/acknowledgements${queryString({
        from: options.from,
        to: options.to,
        format,
      })}`;
      if (!options.out) {
        await writeStdout(await downloadText(connection, path, WHAT));
        return;
      }
      const saved = await downloadToFile(connection, path, options.out, {
        what: WHAT,
        showProgress: wantsProgress(false),
      });
      const rows = saved.rows === undefined ? '' : `${saved.rows} rows, `;
      console.error(`wrote ${rows}${saved.bytes} bytes to ${options.out}`);
    });
}
