/**
 * An error a route answers with: the status and a code. The API answers `{ error, message }`;
 * HTML pages show the message in the user's language (see `web/render.ts`).
 */
export type ErrorCode =
  | 'login'
  | 'forbidden'
  | 'not_found'
  | 'csrf'
  | 'rate_limited'
  | 'invalid'
  | 'conflict';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    /** For `invalid` and `conflict`: what is wrong, for people. */
    readonly detail?: string,
  ) {
    super(detail ?? code);
  }
}
