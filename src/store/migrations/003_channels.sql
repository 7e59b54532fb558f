-- Channels: an account connected to its platform through an adapter, synced on a schedule.

-- How an account is read: the adapter's settings, its secrets (sealed with AES-256-GCM by
-- store/secretBox.ts; never stored in the clear), the adapter's cursor, and the sync's state.
CREATE TABLE channel_connections (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  secrets bytea,
  -- Which key sealed the secrets (a fingerprint, not the key), to say so when another key is set.
  secrets_key text,
  cursor jsonb,
  enabled boolean NOT NULL DEFAULT true,
  sync_interval_minutes integer NOT NULL CHECK (sync_interval_minutes BETWEEN 1 AND 10080),
  -- The next scheduled sync. Claiming a sync moves it forward (a lease), so each slot runs once.
  next_sync_at timestamptz NOT NULL DEFAULT now(),
  next_snapshot_at timestamptz NOT NULL DEFAULT now(),
  failures integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_success_at timestamptz,
  last_error_at timestamptz,
  last_error_kind text CHECK (last_error_kind IN
    ('rate_limited', 'auth', 'not_found', 'transient', 'malformed', 'budget', 'invalid_request', 'unknown',
     'settings')),
  last_error text,
  messages_read bigint NOT NULL DEFAULT 0,
  messages_stored bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channel_connections_due ON channel_connections (next_sync_at) WHERE enabled;

-- Every sync of an account: when, why, by which process, and what it did.
CREATE TABLE sync_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  -- The scheduled moment this run was for (scheduled runs only).
  slot timestamptz,
  worker text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
  pages integer NOT NULL DEFAULT 0,
  records_read integer NOT NULL DEFAULT 0,
  stored integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  billed_reads integer NOT NULL DEFAULT 0,
  error_kind text,
  error text
);
CREATE INDEX sync_runs_account ON sync_runs (account_id, started_at);
