import { expect } from "chai";

/** One row of a domain's bad-input table: what is tried, and the typed error it must give. */
export interface BadInput<Env> {
  readonly input: string;
  readonly run: (env: Env) => Promise<unknown>;
  /** The SDK class the failure must be an instance of. */
  readonly error: abstract new (...args: never[]) => Error;
  /** The Solidity error name, for contract reverts (`ContractRevertError.errorName`). */
  readonly errorName?: string;
  /** A pattern the message must match. */
  readonly message?: RegExp;
  /** Extra checks after the failure (e.g. nothing was sent). */
  readonly after?: (env: Env) => Promise<void>;
}

/** Registers one `it` per row: the call must fail with exactly the typed error of the row. */
export function badInputTable<Env>(rows: readonly BadInput<Env>[], env: () => Env): void {
  for (const row of rows) {
    it(`${row.input} -> ${row.errorName ?? row.error.name}`, async () => {
      let caught: unknown;
      try {
        await row.run(env());
      } catch (error) {
        caught = error;
      }
      expect(caught, "the call must fail").to.not.equal(undefined);
      expect(caught, String((caught as Error).stack ?? caught)).to.be.instanceOf(row.error);
      if (row.errorName !== undefined) expect((caught as { errorName?: string }).errorName).to.equal(row.errorName);
      if (row.message !== undefined) expect((caught as Error).message).to.match(row.message);
      await row.after?.(env());
    });
  }
}
