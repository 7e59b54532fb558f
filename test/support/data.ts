import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared real data beside the project (`../shared/data`); tests read it, never copy it. */
export const SHARED_DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

export function sharedFile(...parts: string[]): string {
  const path = join(SHARED_DATA, ...parts);
  if (!existsSync(path))
    throw new Error(`shared test data missing: ${path} (../shared must sit beside the project)`);
  return path;
}
