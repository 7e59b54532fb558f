-- Account activity: what each account sent and what came in to it, as METRICS.md defines them,
-- kept up to date from the messages (store/activity.ts) so that the yardstick, and later the
-- webcare inbox, read these facts instead of working them out from a million messages each time.
-- They are derived data that activity.ts rebuilds from the messages at any moment, so they are
-- UNLOGGED: no write-ahead log for them (writing them is several times faster), and after a
-- crash PostgreSQL empties them, progress included, and the next update rebuilds them. No keys
-- or indexes either: they are read whole, and activity.ts keeps one row per fact.

-- Each message an account sent, in METRICS.md's three kinds of sending behaviour.
CREATE UNLOGGED TABLE sent_messages (
  account_id bigint NOT NULL,
  message_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('broadcast', 'reply', 'repost')),
  -- Reposts the message received, where the platform tells (reposts themselves: null).
  repost_count integer
);

-- Each message inbound to an account (once per account and message), with its first response:
-- the account's earliest reply dated at or after it. Replies dated before it are anomalies.
CREATE UNLOGGED TABLE inbound_messages (
  account_id bigint NOT NULL,
  message_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  first_response_at timestamptz,
  anomalies integer NOT NULL DEFAULT 0
);

-- How far the facts are: every message with an id up to here is in them. No row: nothing is.
CREATE UNLOGGED TABLE activity_progress (
  single boolean PRIMARY KEY DEFAULT true CHECK (single),
  through_message_id bigint NOT NULL
);

-- An account whose facts must be rebuilt from all messages: new, or its identity or handle changed.
ALTER TABLE accounts ADD COLUMN activity_current boolean NOT NULL DEFAULT false;

CREATE FUNCTION accounts_activity_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.platform, NEW.platform_user_id, lower(NEW.handle))
     IS DISTINCT FROM (OLD.platform, OLD.platform_user_id, lower(OLD.handle)) THEN
    NEW.activity_current := false;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_activity_stale BEFORE UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_activity_stale();

-- A deleted account takes its facts along.
CREATE FUNCTION accounts_activity_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sent_messages WHERE account_id = OLD.id;
  DELETE FROM inbound_messages WHERE account_id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER accounts_activity_delete AFTER DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_activity_delete();

-- A deleted message can change other messages' facts (it may have been a first response, or the
-- parent that tells whose message a reply answers): every account is rebuilt on the next update.
CREATE FUNCTION messages_activity_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE accounts SET activity_current = false WHERE activity_current;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_activity_delete AFTER DELETE ON messages
  FOR EACH STATEMENT EXECUTE FUNCTION messages_activity_delete();
