-- Identity, tenancy and the audit log (issue 5).

-- A person who logs in. E-mail is the login name, kept lower case.
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Signature under webcare replies, such as BK (shown as *BK).
  initials text CHECK (initials ~ '^[A-Za-z]{1,5}$'),
  -- argon2id (PHC string); null for a user who only logs in through OIDC.
  password_hash text,
  -- Platform-wide administrator: every organisation, every role's rights.
  superbeheerder boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
  -- TOTP secret, sealed with the secret box; enabled once the user confirmed a code.
  totp_secret bytea,
  totp_secret_key text,
  totp_enabled boolean NOT NULL DEFAULT false,
  -- The last accepted TOTP time step, so a code is never accepted twice.
  totp_last_step bigint,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Membership of an organisation, with one role in it.
CREATE TABLE memberships (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('beheerder', 'webcare', 'redacteur', 'analist', 'archivaris', 'lezer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

-- An OIDC identity (issuer + subject) linked to a user.
CREATE TABLE user_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);

-- A login session. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 'pending_2fa' after a correct password of a user with TOTP, until the code is given.
  stage text NOT NULL CHECK (stage IN ('pending_2fa', 'active')),
  csrf_secret text NOT NULL,
  method text NOT NULL CHECK (method IN ('password', 'oidc')),
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A one-time password reset token (its SHA-256), valid until used or expired.
CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Every state change: who, when, what, from where. Append-only (the trigger refuses the rest).
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- Null for the CLI or the system; the name is kept as it was, for when the user is gone.
  user_id bigint,
  actor text NOT NULL,
  organisation_id bigint,
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]*$'),
  target text,
  details jsonb NOT NULL DEFAULT '{}',
  ip text
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Organisation settings the web app edits.
ALTER TABLE organisations ADD COLUMN case_number_format text NOT NULL DEFAULT '{jaar}-{nummer:6}';
ALTER TABLE organisations ADD COLUMN signature_convention text NOT NULL DEFAULT '*{initialen}';
ALTER TABLE organisations ADD COLUMN contact_email text;

