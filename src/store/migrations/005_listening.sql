-- Listening (issue 6): full-text search in Dutch, sentiment, what each organisation may search,
-- and saved searches.

-- The words of a message as PostgreSQL's `dutch` text-search configuration stems them, kept
-- beside the text so search and its rechecks never stem a message again.
ALTER TABLE messages
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, text)) STORED;
CREATE INDEX messages_search ON messages USING gin (search_vector);
-- Hashtags and mentions match exactly, through their arrays.
CREATE INDEX messages_hashtags ON messages USING gin (hashtags);
CREATE INDEX messages_mentions ON messages USING gin (mentions);

-- Sentiment as worked out at ingest (src/sentiment/): the label and the score it came from
-- (negative below zero). Null only until the messages stored before this migration are scored.
ALTER TABLE messages
  ADD COLUMN sentiment text CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  ADD COLUMN sentiment_score real;
CREATE INDEX messages_unscored ON messages (id) WHERE sentiment IS NULL;

-- A person's correction of a message's sentiment, per organisation (a message can concern
-- several); the figures of that organisation count the correction instead of the computed label.
CREATE TABLE sentiment_corrections (
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  sentiment text NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  corrected_by bigint REFERENCES users (id) ON DELETE SET NULL,
  corrected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, message_id)
);

-- The conversations an account takes part in: those with a message it sent or a message inbound
-- to it (store/activity.ts keeps this with the other account facts; UNLOGGED for the same
-- reason). An organisation listens to the conversations of its accounts, owned and watched,
-- and to nothing else: this is the tenancy of search.
CREATE UNLOGGED TABLE account_conversations (
  account_id bigint NOT NULL,
  platform text NOT NULL,
  conversation_root text NOT NULL,
  PRIMARY KEY (account_id, platform, conversation_root)
);
-- Search asks of each candidate message: is its conversation one of ours?
CREATE INDEX account_conversations_conversation ON account_conversations (platform, conversation_root);

-- Stored messages have no conversations in it yet: the next activity update rebuilds every fact.
DELETE FROM activity_progress;

-- A deleted account takes its conversations along with its other facts.
CREATE OR REPLACE FUNCTION accounts_activity_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sent_messages WHERE account_id = OLD.id;
  DELETE FROM inbound_messages WHERE account_id = OLD.id;
  DELETE FROM account_conversations WHERE account_id = OLD.id;
  RETURN OLD;
END $$;

-- A search an organisation keeps: its name, its query in the query language, the platforms it
-- is limited to (none: all), and whether only its owner sees it.
CREATE TABLE saved_searches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  query text NOT NULL CHECK (length(query) BETWEEN 1 AND 2000),
  platforms text[] NOT NULL DEFAULT '{}',
  owner_id bigint REFERENCES users (id) ON DELETE SET NULL,
  shared boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_searches_organisation ON saved_searches (organisation_id);

-- When a user last opened a saved search's dashboard: what came in since is new to them.
CREATE TABLE saved_search_views (
  search_id bigint NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  viewed_at timestamptz NOT NULL,
  -- The highest message id seen then: "new" is what was stored after, whatever its date.
  through_message_id bigint NOT NULL,
  PRIMARY KEY (search_id, user_id)
);
