/**
 * The throwaway PostgreSQL the relayer's PostgreSQL store will be tested on (issue 18): it starts
 * on a free loopback port in a fresh temp data directory, answers queries, and is gone after
 * `stop()`; a server that cannot start fails with what went wrong and what to do (never a skip).
 */
import { createServer } from "node:net";
import { once } from "node:events";

import { expect } from "chai";

import { dataDirExists, PostgresUnavailableError, startPostgres } from "../../devnet/postgres.ts";

describe("Relayer test support: a throwaway PostgreSQL server", function () {
  this.timeout(180_000);

  it("starts on a free loopback port in a fresh temp directory, answers queries, and is removed on stop", async function () {
    const postgres = await startPostgres();
    try {
      expect(dataDirExists(postgres)).to.equal(true);
      const client = await postgres.client();
      try {
        const { rows } = await client.query<{ version: string; address: string }>(
          "select version() as version, inet_server_addr()::text as address",
        );
        expect(rows[0]?.version).to.match(/^PostgreSQL 18\./);
        expect(rows[0]?.address).to.equal("127.0.0.1/32");
        await client.query("create table t (id int primary key)");
        await client.query("insert into t values (1), (2)");
        expect((await client.query<{ n: string }>("select count(*) as n from t")).rows[0]?.n).to.equal("2");
      } finally {
        await client.end();
      }
    } finally {
      await postgres.stop();
    }
    expect(dataDirExists(postgres)).to.equal(false);
    await postgres.stop();
  });

  it("fails with a clear PostgresUnavailableError (not a skip, not a hang) when the server cannot start", async function () {
    // The port is taken: the server exits before it is ready.
    const squatter = createServer();
    squatter.listen(0, "127.0.0.1");
    await once(squatter, "listening");
    const port = (squatter.address() as { port: number }).port;
    try {
      let failure: unknown;
      try {
        const postgres = await startPostgres({ port });
        await postgres.stop();
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(PostgresUnavailableError);
      const message = (failure as Error).message;
      expect(message).to.include(`could not start on 127.0.0.1:${port}`);
      expect(message).to.include("What to do:");
      expect(message).to.match(/could not bind|Address already in use/i);
    } finally {
      squatter.close();
    }
  });
});
