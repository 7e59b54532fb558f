import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import type { Mailer } from './mail.ts';
import type { OidcSettings } from './oidc.ts';

/** What route handlers share: the database, the secret box, mail, and the server's settings. */
export interface ServerContext {
  db: Db;
  box: SecretBox;
  mailer: Mailer | null;
  oidc: OidcSettings | null;
  /** The address people reach the server at (links in mails), such as https://meetlat.example.nl. */
  publicUrl: string | null;
  /** Cookies get `Secure` and responses HSTS: the server is reached over TLS. */
  secure: boolean;
  version: string;
  /** Login lock-out: after this many failures in a row, for this long. */
  lockAfter: number;
  lockMs: number;
}
