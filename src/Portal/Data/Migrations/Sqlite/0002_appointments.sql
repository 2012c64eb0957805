-- Appointments (F7) and their access codes (F7, F8). The patient label is ciphertext made in the browser
-- with the practice key. A code is kept twice, never in clear: as a keyed hash (HMAC with a server key
-- that is not in the database) for the lookup at join, and sealed in the browser with the practice key so
-- the organizer can see it again.
CREATE TABLE appointments (
    id                        TEXT    NOT NULL PRIMARY KEY,
    practice_id               TEXT    NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    planned_start_utc         BIGINT  NOT NULL,
    patient_label_ciphertext  BLOB    NOT NULL,
    patient_label_iv          BLOB    NOT NULL,
    created_utc               BIGINT  NOT NULL,
    updated_utc               BIGINT  NOT NULL
);
CREATE INDEX appointments_practice_start ON appointments (practice_id, planned_start_utc);

CREATE TABLE access_codes (
    appointment_id     TEXT    NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    role               TEXT    NOT NULL CHECK (role IN ('organizer', 'participant')),
    code_hash          TEXT    NOT NULL UNIQUE,
    sealed_code        BLOB,
    sealed_code_iv     BLOB,
    created_utc        BIGINT  NOT NULL,
    PRIMARY KEY (appointment_id, role)
);
