import { expect } from "chai";
import { BaseError, ContractFunctionRevertedError } from "viem";

import { ContractRevertError } from "../../../../sdk/src/errors.ts";

/**
 * Awaits `promise` and checks that it failed with the custom error `name` (decoded by viem from
 * the revert data, or by the SDK into a `ContractRevertError`) and, when given, exactly `args`; or
 * with an SDK error class of that name.
 */
export async function expectError(promise: Promise<unknown>, name: string, args?: readonly unknown[]): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ContractRevertError) {
      expect(error.errorName, error.shortMessage).to.equal(name);
      if (args !== undefined) expect(error.args).to.deep.equal(args);
      return;
    }
    if (error instanceof BaseError) {
      const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) {
        expect(revert.data?.errorName, revert.shortMessage).to.equal(name);
        if (args !== undefined) expect(revert.data?.args).to.deep.equal(args);
        return;
      }
    }
    if (error instanceof Error && error.name === name) return;
    throw error;
  }
  expect.fail(`expected ${name}, but the call succeeded`);
}
