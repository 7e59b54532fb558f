import type { Command } from 'commander';
import {
  describeQueryError,
  describeQueryNotice,
  parseQuery,
  stopWordsOnlyMessage,
} from '../../search/query/index.ts';
import { type FoundMessage, searchMessages } from '../../search/search.ts';
import { updateActivity } from '../../store/activity.ts';
import { findOrganisation } from '../../store/organisations.ts';
import {
  parseFormat,
  parsePositiveInt,
  printJson,
  say,
  UsageError,
  withDb,
  withDbOption,
} from '../context.ts';

const FORMATS = ['json', 'text'] as const;
export const SEARCH_LIMIT_MAX = 10_000;

/** A found message as the CLI prints it: the contract's fields first. */
export function messageJson(m: FoundMessage) {
  return {
    platform: m.platform,
    id: m.platformId,
    author: m.authorHandle ?? m.authorId,
    created_at: m.createdAt.toISOString(),
    text: m.text,
    author_name: m.authorName,
    author_id: m.authorId,
    kind: m.kind,
    language: m.language,
    url: m.url,
    hashtags: m.hashtags,
    mentions: m.mentions,
    conversation: m.conversationRoot,
    sentiment: m.sentiment,
  };
}

/**
 * `meetlat search '<query>'`: the messages a query in the query language matches, newest first,
 * with their number. With `--org`, only the conversations of that organisation's accounts (what
 * it listens to); without, every stored message. A query that starts with `-` goes after `--`.
 */
export function registerSearch(program: Command): void {
  withDbOption(program.command('search'))
    .argument('<query>', 'zoekopdracht, bijvoorbeeld: vergunning* -"geen reactie" #afval from:gemeente')
    .description('searches the stored messages with the query language (see the README), newest first')
    .allowUnknownOption()
    .option('--org <code>', "only the conversations of this organisation's accounts")
    .option('--limit <n>', `messages to print (at most ${SEARCH_LIMIT_MAX})`, '50')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'json')
    .action(async (input: string, options: { db?: string; org?: string; limit: string; format: string }) => {
      const format = parseFormat(options.format, FORMATS);
      const limit = parsePositiveInt('--limit', options.limit);
      if (limit > SEARCH_LIMIT_MAX) throw new UsageError(`--limit must be at most ${SEARCH_LIMIT_MAX}`);
      const parsed = parseQuery(input);
      if (!parsed.ok) throw new UsageError(describeQueryError(parsed.error, 'nl'));
      for (const notice of parsed.query.notices) say(describeQueryNotice(notice, 'nl'));
      await withDb(options, async (db) => {
        let organisationId: number | null = null;
        if (options.org !== undefined) {
          const organisation = await findOrganisation(db, options.org);
          if (!organisation) throw new UsageError(`no organisation with code ${JSON.stringify(options.org)}`);
          organisationId = organisation.id;
          // What the organisation listens to follows the messages; bring it up to date first.
          await updateActivity(db);
        }
        const result = await searchMessages(db, parsed.query, { organisationId }, { limit });
        if (result.total === 0 && result.onlyStopWords) say(stopWordsOnlyMessage('nl'));
        if (format === 'json') {
          printJson({ total: result.total, messages: result.messages.map(messageJson) });
          return;
        }
        process.stdout.write(`${result.total} berichten\n`);
        for (const m of result.messages) {
          process.stdout.write(
            `\n${m.createdAt.toISOString()} ${m.platform} @${m.authorHandle ?? m.authorId}\n${m.text}\n`,
          );
        }
      });
    });
}
