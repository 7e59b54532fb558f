-- Webcare (issue 7): every inbound message of an organisation's own accounts lands in a case of
-- that organisation, grouped per conversation; service levels with office hours; the trail of
-- everything done with a case.

-- How an organisation's webcare works: its office hours (week, public holidays; JSON in the shape
-- of webcare/officeHours.ts), when a new message reopens a resolved case rather than opening a
-- new one, and when an answered case no one touched counts as resolved. No row: the defaults.
CREATE TABLE webcare_settings (
  organisation_id bigint PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  office_hours jsonb NOT NULL,
  reopen_within_days integer NOT NULL DEFAULT 7 CHECK (reopen_within_days BETWEEN 0 AND 365),
  -- Null: an answered case stays waiting until someone resolves it.
  auto_resolve_days integer DEFAULT 7 CHECK (auto_resolve_days BETWEEN 1 AND 365),
  -- The categories agents file cases under (null: the default list of webcare/labels.ts).
  categories text[],
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Service levels: the organisation's (account_id null) and, where it differs, a channel account's.
CREATE TABLE sla_policies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  account_id bigint REFERENCES accounts (id) ON DELETE CASCADE,
  first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),
  clock text NOT NULL CHECK (clock IN ('calendar', 'office')),
  UNIQUE NULLS NOT DISTINCT (organisation_id, account_id)
);

-- The last case number given per organisation and numbering scope: the number's text without
-- the sequence (`2026-` for `{jaar}-{nummer:6}`), so a yearly format counts from 1 each year.
CREATE TABLE case_counters (
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  scope text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (organisation_id, scope)
);

CREATE TABLE cases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  number text NOT NULL,
  -- The conversation (moved along when a thread's root moves up, as the messages are).
  platform text NOT NULL,
  conversation_root text NOT NULL,
  -- The own account the first message came in to, and who wrote it.
  account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
  citizen_id text,
  citizen_handle text,
  status text NOT NULL DEFAULT 'nieuw' CHECK (status IN ('nieuw', 'open', 'wacht', 'opgelost', 'gesloten')),
  assignee_id bigint REFERENCES users (id) ON DELETE SET NULL,
  category text,
  tags text[] NOT NULL DEFAULT '{}',
  -- Raised by every change a person makes: a change names the version it saw (optimistic concurrency).
  version integer NOT NULL DEFAULT 1,
  opened_at timestamptz NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  first_response_at timestamptz,
  last_response_at timestamptz,
  -- The oldest inbound message since the last response: the citizen waits for an answer since then.
  waiting_since timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  -- Service levels as the policy stood when the case opened (or reopened, for the answer).
  sla_clock text NOT NULL CHECK (sla_clock IN ('calendar', 'office')),
  first_response_due_at timestamptz NOT NULL,
  first_response_at_risk_at timestamptz NOT NULL,
  resolution_due_at timestamptz NOT NULL,
  resolution_at_risk_at timestamptz NOT NULL,
  -- The answer due for what waits now (waiting_since: the first message, a follow-up, a reopen),
  -- and when that becomes at risk; null while nothing waits.
  response_due_at timestamptz,
  response_at_risk_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, number)
);
CREATE INDEX cases_conversation ON cases (platform, conversation_root, organisation_id, opened_at DESC);
CREATE INDEX cases_inbox ON cases (organisation_id, status, last_inbound_at DESC);
CREATE INDEX cases_assignee ON cases (assignee_id, status) WHERE assignee_id IS NOT NULL;
CREATE INDEX cases_citizen ON cases (organisation_id, platform, citizen_id);
-- What changed since a moment, for the open inboxes (webcare/liveFeed.ts).
CREATE INDEX cases_changes ON cases (organisation_id, updated_at);
-- Answered cases that may be resolved by time (the auto-resolve sweep).
CREATE INDEX cases_waiting ON cases (organisation_id, last_response_at) WHERE status = 'wacht';

-- The inbound messages of a case (a message is in at most one case per organisation).
CREATE TABLE case_messages (
  case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  organisation_id bigint NOT NULL,
  PRIMARY KEY (case_id, message_id),
  UNIQUE (message_id, organisation_id)
);

-- Everything done with a case, by whom and when: kept with the case for the archive, never
-- changed. It goes only with its case (retention).
CREATE TABLE case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  -- Null for Meetlat itself (a message arrived, a case resolved by time).
  user_id bigint,
  actor text NOT NULL,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$'),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- How far the cases follow the messages: those with an id up to here have been looked at, with
-- the owned accounts as they were then (their fingerprint: a change makes older messages inbound
-- to an organisation, and the next update looks at all of them).
CREATE TABLE case_progress (
  single boolean PRIMARY KEY DEFAULT true CHECK (single),
  through_message_id bigint NOT NULL,
  accounts_fingerprint text NOT NULL
);

-- Prepared answers an agent starts a reply from, with variables ({naam}, {zaaknummer}).
CREATE TABLE canned_answers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, title)
);

-- A reply written in Meetlat and sent through the channel: kept from before the first attempt,
-- so a failure stays visible with the platform's reason and a retry sends with the same
-- idempotency key (never twice). `native`: answered on the platform itself, linked when it arrived.
CREATE TABLE case_replies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  in_reply_to_message_id bigint REFERENCES messages (id) ON DELETE SET NULL,
  account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
  author_id bigint REFERENCES users (id) ON DELETE SET NULL,
  author_name text NOT NULL,
  text text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error_kind text,
  error_text text,
  platform_id text,
  url text,
  message_id bigint REFERENCES messages (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_replies_case ON case_replies (case_id, id);
