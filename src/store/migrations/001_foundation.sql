-- Meetlat's foundation schema. Runs unchanged on PostgreSQL 15+ and on PGlite (PostgreSQL 18).

-- Organisations: gemeenten, provincies, waterschappen, veiligheidsregio's, and anything else.
CREATE TABLE organisations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- CBS code (GM0363, PV27, VR13), Kiesraad code for waterschappen (W0155), or a chosen code.
  code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 100),
  name text NOT NULL,
  display_name text,
  kind text NOT NULL CHECK (kind IN ('gemeente', 'provincie', 'waterschap', 'veiligheidsregio', 'overig')),
  province_code text,
  safety_region_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Inhabitants on 1 January of a year; the comparison class of a gemeente follows from it.
CREATE TABLE organisation_inhabitants (
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 1800 AND 2200),
  inhabitants integer NOT NULL CHECK (inhabitants >= 0),
  source text NOT NULL,
  PRIMARY KEY (organisation_id, year)
);

-- Boundaries for maps, as GeoJSON geometries in WGS84 lon/lat.
CREATE TABLE region_boundaries (
  code text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('gemeente', 'provincie', 'waterschap', 'veiligheidsregio')),
  name text,
  valid_year integer,
  geometry jsonb NOT NULL,
  source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One channel account of an organisation on one platform.
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint REFERENCES organisations (id) ON DELETE SET NULL,
  platform text NOT NULL CHECK (platform ~ '^[a-z][a-z0-9_-]{0,30}$'),
  platform_user_id text NOT NULL,
  handle text NOT NULL,
  display_name text,
  relation text NOT NULL CHECK (relation IN ('owned', 'watched')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform, platform_user_id)
);
CREATE INDEX accounts_handle ON accounts (platform, lower(handle));

-- What the platform reported about an account at a moment.
CREATE TABLE account_snapshots (
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  taken_at timestamptz NOT NULL,
  followers integer CHECK (followers >= 0),
  following integer CHECK (following >= 0),
  posts integer CHECK (posts >= 0),
  source text NOT NULL,
  PRIMARY KEY (account_id, taken_at)
);

-- The ingest audit: every file import, sync run or demo generation, and what it did.
CREATE TABLE ingest_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_kind text NOT NULL CHECK (source_kind IN ('file', 'sync', 'demo')),
  format text NOT NULL,
  source text NOT NULL,
  source_sha256 text,
  -- An earlier run of the same file that never finished (killed, crashed) and this one completes.
  resumes_run_id bigint REFERENCES ingest_runs (id),
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  records_read integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  error text
);
CREATE INDEX ingest_runs_source ON ingest_runs (source_sha256);

-- Each record an ingest run turned away, with where it was and why.
CREATE TABLE ingest_rejects (
  run_id bigint NOT NULL REFERENCES ingest_runs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  location text NOT NULL,
  reason_code text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (run_id, seq)
);

-- Everything posted on a platform. (platform, platform_id) is the identity and the dedupe key.
CREATE TABLE messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  platform text NOT NULL,
  platform_id text NOT NULL,
  author_id text NOT NULL,
  author_handle text,
  author_name text,
  created_at timestamptz NOT NULL,
  text text NOT NULL,
  language text,
  kind text NOT NULL CHECK (kind IN ('post', 'reply', 'repost', 'quote', 'comment', 'dm')),
  in_reply_to_platform_id text,
  in_reply_to_author_id text,
  repost_of_platform_id text,
  quote_of_platform_id text,
  -- The account a direct message or comment is addressed to (platform user id).
  recipient_id text,
  -- Platform id of the first known message of the thread, or of the missing message it hangs from.
  conversation_root text NOT NULL,
  -- Lower-case handles without '@'; from the platform where it gives them, else from the text.
  mentions text[] NOT NULL DEFAULT '{}',
  mentions_from_platform boolean NOT NULL DEFAULT false,
  hashtags text[] NOT NULL DEFAULT '{}',
  repost_count integer,
  like_count integer,
  reply_count integer,
  url text,
  -- The record as it came in, for the archive: CSV rows byte for byte, JSON as parsed.
  payload_format text NOT NULL,
  payload text NOT NULL,
  ingest_run_id bigint REFERENCES ingest_runs (id),
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messages_identity UNIQUE (platform, platform_id)
);
CREATE INDEX messages_author ON messages (platform, author_id, created_at);
CREATE INDEX messages_in_reply_to ON messages (platform, in_reply_to_platform_id)
  WHERE in_reply_to_platform_id IS NOT NULL;
CREATE INDEX messages_conversation ON messages (platform, conversation_root);

-- A conversation is a thread: the messages that share a root.
CREATE VIEW conversations AS
SELECT
  platform,
  conversation_root AS root_platform_id,
  count(*)::integer AS messages,
  min(created_at) AS started_at,
  max(created_at) AS last_message_at
FROM messages
GROUP BY platform, conversation_root;
