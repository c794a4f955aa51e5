/**
 * Numbered schema migrations, applied in order inside one transaction each. Both engines apply the
 * same numbers with the same tables, columns and constraints, each in its own dialect (`sql` for
 * SQLite, `postgres` for PostgreSQL: BIGINT for millisecond times and block numbers, identity ids).
 * Never edit a published migration: append a new one. A database written by a newer relayer (a
 * version above the last one here) is refused rather than guessed at.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQLite. */
  readonly sql: string;
  /** PostgreSQL. */
  readonly postgres: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "duty records, intended transactions and their attempts, nonces, cursors",
    sql: `
      CREATE TABLE duty_records (
        duty TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        data TEXT NOT NULL,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (duty, id)
      ) WITHOUT ROWID;
      CREATE INDEX duty_records_by_state ON duty_records (duty, state, created_at);

      -- One row per intended transaction, written before it is signed or sent. A replacement
      -- (fee bump) is a new attempt of the same row: same nonce, same call, higher fees.
      CREATE TABLE txs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        duty TEXT NOT NULL,
        record_id TEXT NOT NULL,
        chain TEXT NOT NULL,
        sender TEXT NOT NULL,
        nonce INTEGER,
        to_address TEXT NOT NULL,
        data TEXT NOT NULL,
        value TEXT NOT NULL,
        gas TEXT NOT NULL,
        max_fee TEXT,
        max_priority_fee TEXT,
        gas_price TEXT,
        fee_limit TEXT,
        hash TEXT,
        raw TEXT,
        status TEXT NOT NULL CHECK (status IN ('intended','signed','sent','mined','confirmed','dropped')),
        success INTEGER,
        block_number INTEGER,
        block_hash TEXT,
        sent_at INTEGER,
        bumps INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX txs_one_live_per_nonce ON txs (chain, sender, nonce)
        WHERE nonce IS NOT NULL AND status <> 'dropped';
      CREATE INDEX txs_by_record ON txs (duty, record_id);
      CREATE INDEX txs_open ON txs (chain, status) WHERE status IN ('intended','signed','sent','mined');

      -- Every signed form of a transaction, recorded before it is broadcast: whichever one a block
      -- includes, the relayer knows it is its own.
      CREATE TABLE tx_attempts (
        tx_id INTEGER NOT NULL REFERENCES txs (id),
        hash TEXT NOT NULL,
        raw TEXT NOT NULL,
        max_fee TEXT,
        max_priority_fee TEXT,
        gas_price TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (tx_id, hash)
      );
      CREATE INDEX tx_attempts_by_hash ON tx_attempts (hash);

      CREATE TABLE nonces (
        chain TEXT NOT NULL,
        account TEXT NOT NULL,
        next INTEGER NOT NULL,
        PRIMARY KEY (chain, account)
      ) WITHOUT ROWID;

      CREATE TABLE cursors (
        chain TEXT NOT NULL,
        watcher TEXT NOT NULL,
        block INTEGER NOT NULL,
        block_hash TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (chain, watcher)
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE duty_records (
        duty TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        data TEXT NOT NULL,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (duty, id)
      );
      CREATE INDEX duty_records_by_state ON duty_records (duty, state, created_at);

      CREATE TABLE txs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        duty TEXT NOT NULL,
        record_id TEXT NOT NULL,
        chain TEXT NOT NULL,
        sender TEXT NOT NULL,
        nonce BIGINT,
        to_address TEXT NOT NULL,
        data TEXT NOT NULL,
        value TEXT NOT NULL,
        gas TEXT NOT NULL,
        max_fee TEXT,
        max_priority_fee TEXT,
        gas_price TEXT,
        fee_limit TEXT,
        hash TEXT,
        raw TEXT,
        status TEXT NOT NULL CHECK (status IN ('intended','signed','sent','mined','confirmed','dropped')),
        success INTEGER,
        block_number BIGINT,
        block_hash TEXT,
        sent_at BIGINT,
        bumps INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX txs_one_live_per_nonce ON txs (chain, sender, nonce)
        WHERE nonce IS NOT NULL AND status <> 'dropped';
      CREATE INDEX txs_by_record ON txs (duty, record_id);
      CREATE INDEX txs_open ON txs (chain, status) WHERE status IN ('intended','signed','sent','mined');

      CREATE TABLE tx_attempts (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        tx_id BIGINT NOT NULL REFERENCES txs (id),
        hash TEXT NOT NULL,
        raw TEXT NOT NULL,
        max_fee TEXT,
        max_priority_fee TEXT,
        gas_price TEXT,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (tx_id, hash)
      );
      CREATE INDEX tx_attempts_by_hash ON tx_attempts (hash);

      CREATE TABLE nonces (
        chain TEXT NOT NULL,
        account TEXT NOT NULL,
        next BIGINT NOT NULL,
        PRIMARY KEY (chain, account)
      );

      CREATE TABLE cursors (
        chain TEXT NOT NULL,
        watcher TEXT NOT NULL,
        block BIGINT NOT NULL,
        block_hash TEXT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (chain, watcher)
      );
    `,
  },
  {
    version: 2,
    name: "heartbeat: the health check's proof that the store can be written",
    sql: `CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
    postgres: `CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at BIGINT NOT NULL);`,
  },
  {
    version: 3,
    name: "several processes on one database: leases, record claims, who recorded and signed each transaction",
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        generation INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL,
        renewed_at INTEGER NOT NULL
      );
      ALTER TABLE duty_records ADD COLUMN claim_holder TEXT;
      ALTER TABLE duty_records ADD COLUMN claim_gen INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE duty_records ADD COLUMN claim_until INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE txs ADD COLUMN created_by TEXT;
      ALTER TABLE tx_attempts ADD COLUMN signed_by TEXT;
    `,
    postgres: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        generation BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        acquired_at BIGINT NOT NULL,
        renewed_at BIGINT NOT NULL
      );
      ALTER TABLE duty_records ADD COLUMN claim_holder TEXT;
      ALTER TABLE duty_records ADD COLUMN claim_gen BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE duty_records ADD COLUMN claim_until BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE txs ADD COLUMN created_by TEXT;
      ALTER TABLE tx_attempts ADD COLUMN signed_by TEXT;
    `,
  },
];
