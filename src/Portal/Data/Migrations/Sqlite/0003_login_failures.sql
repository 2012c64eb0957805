-- Failed logins per practice + user short name (F2 lock-out). Keyed by the normalised short names as
-- typed, so unknown accounts lock out exactly like real ones and the lock-out reveals nothing. Rows older
-- than a day without a failure are removed on the next write. Per-IP counting stays in memory: client IP
-- addresses are personal data we do not want to keep on disk.
CREATE TABLE login_failures (
    practice_key      TEXT    NOT NULL,
    user_key          TEXT    NOT NULL,
    failures          INTEGER NOT NULL,
    lockouts          INTEGER NOT NULL,
    locked_until_utc  BIGINT  NOT NULL,
    last_failure_utc  BIGINT  NOT NULL,
    PRIMARY KEY (practice_key, user_key)
);
