// Boots a worker thread for the embedded database: the sources are TypeScript, compiled by tsx.
import { register } from 'tsx/esm/api';

register();
await import('./pgliteThreadHost.ts');
