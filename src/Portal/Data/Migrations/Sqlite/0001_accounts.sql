-- Practices and their users (F1, F2, F3). Short names are unique case-insensitively through the
-- upper-cased *_key columns. The server keeps no password and no practice key: only the KDF salt the
-- browser needs, a slow hash of the browser's authentication key, and the practice key wrapped in the
-- browser with the user's key-encryption key.
CREATE TABLE practices (
    id              TEXT    NOT NULL PRIMARY KEY,
    short_name      TEXT    NOT NULL,
    short_name_key  TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    lanr            TEXT    NOT NULL,
    bsnr            TEXT    NOT NULL,
    postal_code     TEXT    NOT NULL,
    plan            TEXT    NOT NULL DEFAULT 'basis',
    time_zone       TEXT    NOT NULL DEFAULT 'Europe/Berlin',
    created_utc     BIGINT  NOT NULL
);

CREATE TABLE users (
    id                      TEXT    NOT NULL PRIMARY KEY,
    practice_id             TEXT    NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    short_name              TEXT    NOT NULL,
    short_name_key          TEXT    NOT NULL,
    kdf_salt                BLOB    NOT NULL,
    kdf_iterations          INTEGER NOT NULL,
    auth_verifier           TEXT    NOT NULL,
    wrapped_practice_key    BLOB    NOT NULL,
    wrapped_practice_key_iv BLOB    NOT NULL,
    is_admin                INTEGER NOT NULL DEFAULT 0,
    created_utc             BIGINT  NOT NULL,
    UNIQUE (practice_id, short_name_key)
);
