-- Alerts (issue 6): rules on saved searches, the episodes they see (a spike or a burst of
-- signal words), one notification per episode, and its delivery by e-mail and webhook.
-- src/alerts/ evaluates the rules (after each sync, and `meetlat alerts evaluate`) and delivers.

-- Alerts count messages per window of time within an organisation's conversations.
CREATE INDEX messages_created_at ON messages (created_at);

-- A rule on a saved search. `settings` by kind (src/alerts/rules.ts checks them and fills in
-- the defaults): spike {window_minutes, baseline_windows, z_score, factor, min_count}; term
-- {terms: [query-language expressions], quiet_hours}. Where it is told: e-mail addresses, and a
-- webhook with its HMAC secret sealed by the secret box (bound to the rule).
CREATE TABLE alert_rules (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  search_id bigint NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('spike', 'term')),
  settings jsonb NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  email_to text[] NOT NULL DEFAULT '{}',
  webhook_url text CHECK (webhook_url ~ '^https?://'),
  webhook_secret bytea,
  webhook_key_id text,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_search ON alert_rules (search_id);

-- How far a rule has looked. Made at its first evaluation, which is where it starts: messages
-- from before are history (a spike rule only learns its baseline from them). Spike: the EWMA
-- baseline of the complete windows before `next_window` (windows are numbered from the epoch in
-- window lengths), overall and per time of day, and how many windows in a row were left out of
-- it as spikes. Term: the last
-- evaluation's moment and the highest message id then (what was stored later is new even when it
-- was written earlier). A change of the rule's settings deletes this row: it starts again.
CREATE TABLE alert_state (
  rule_id bigint PRIMARY KEY REFERENCES alert_rules (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  evaluated_at timestamptz NOT NULL,
  next_window bigint,
  baseline_mean double precision,
  baseline_variance double precision,
  -- Per window of the day: [mean, variance] of that time of day over about a week.
  baseline_slots jsonb NOT NULL DEFAULT '[]',
  excluded_run integer NOT NULL DEFAULT 0,
  through_message_id bigint
);

-- An episode: from the first window over the threshold (spike) or the first matching message
-- (term) until the volume was back under the threshold for a full window, or no new match came
-- for the quiet period. One notification each. The figures at the start are kept as they were.
CREATE TABLE alert_episodes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz,
  opened_at timestamptz NOT NULL,
  start_count integer NOT NULL,
  start_baseline double precision,
  start_threshold double precision,
  peak_count integer NOT NULL,
  message_count integer NOT NULL,
  -- Spike: the count of each window over the threshold, by window number.
  window_counts jsonb NOT NULL DEFAULT '{}',
  -- Term: the terms that matched.
  terms text[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX alert_episodes_open ON alert_episodes (rule_id) WHERE ended_at IS NULL;
CREATE INDEX alert_episodes_rule ON alert_episodes (rule_id, started_at);

-- What people see in the app: one per episode, in Dutch as made, and as a message key with its
-- values (`message`) so a page can show it in the reader's language.
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  episode_id bigint NOT NULL UNIQUE REFERENCES alert_episodes (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  message jsonb NOT NULL
);
CREATE INDEX notifications_organisation ON notifications (organisation_id, id DESC);

CREATE TABLE notification_reads (
  notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, user_id)
);

-- Each e-mail (one per address) and webhook call of a notification: made with the notification,
-- at most one per channel and target, sent until it succeeds (a failure is retried with backoff;
-- `next_attempt_at` is also the lease of a send under way). `event_id` names the event to the
-- receiver on every attempt; `payload` is the webhook's body, byte for byte the same each time.
CREATE TABLE alert_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  target text NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  payload text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'skipped', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  sent_at timestamptz,
  last_error text,
  UNIQUE (notification_id, channel, target)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
