import type { Parsed } from '../../ingest/records.ts';
import { messagesOf, rejectsOf } from '../drain.ts';

export { messagesOf, rejectsOf };

export function messageIds(records: Parsed[]): string[] {
  return messagesOf(records).map((m) => m.platformId);
}
