import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { demoSource } from '../../demo/generator.ts';
import { recordToNdjson } from '../../importers/ndjson.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { parsePositiveInt, printJson, say, withDb, withDbOption } from '../context.ts';
import { progressView } from '../progress.ts';
import { reportJson } from './import.ts';

interface DemoCommandOptions {
  db?: string;
  size: string;
  seed: string;
  out?: string;
  quiet?: boolean;
}

export function registerDemo(program: Command): void {
  withDbOption(program.command('demo'))
    .description(
      'creates a realistic synthetic workspace: Dutch municipalities of all sizes, a provincie, a waterschap and a veiligheidsregio, their accounts, a year of posts and citizen conversations (deterministic per --seed)',
    )
    .option('--size <n>', 'about this many messages', '20000')
    .option('--seed <n>', 'seed of the generator: the same seed gives the same workspace', '1')
    .option('--out <file>', 'write Meetlat NDJSON to this file instead of the database')
    .option('--quiet', 'no progress output')
    .action(async (options: DemoCommandOptions) => {
      const size = parsePositiveInt('--size', options.size);
      const seed = parsePositiveInt('--seed', options.seed);
      const source = demoSource({ size, seed });
      if (options.out) {
        const out = createWriteStream(options.out);
        let records = 0;
        for await (const parsed of source.records()) {
          if (!parsed.ok) continue;
          records++;
          if (!out.write(`${recordToNdjson(parsed.record)}\n`)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        printJson({ file: options.out, records, size, seed });
        return;
      }
      await withDb(options, async (db) => {
        const view = progressView(`demo (${size} berichten, seed ${seed})`, { quiet: options.quiet });
        const report = await ingest(db, source, {
          sourceKind: 'demo',
          source: `demo size=${size} seed=${seed}`,
          sourceSha256: null,
          onProgress: (p) => view.update(p),
          onReject: (r) => say(`${r.location}: ${r.reason}`),
        });
        view.stop();
        printJson({ database: db.location, size, seed, ...reportJson(report) });
      });
    });
}
