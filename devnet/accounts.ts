/**
 * The funded accounts of every devnet chain: Hardhat's well-known test accounts (the public "test
 * test ... junk" mnemonic), labelled with their role in the story. Their keys are public: test only.
 */
import { toHex, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { TEST_MNEMONIC, cast } from "./story/chains.ts";

/** `hardhat node` funds the first 20 accounts of the mnemonic. */
export const FUNDED_ACCOUNTS = 20;

export interface FundedAccount {
  readonly index: number;
  readonly address: Address;
  readonly privateKey: Hex;
  /** What the story used it for. */
  readonly role: string;
}

function roleOf(index: number): string {
  const pick = (list: readonly number[], name: string) =>
    list.includes(index) ? `${name} ${list.indexOf(index) + 1}` : undefined;
  if (index === cast.governance) return "governance (deployer)";
  if (index === cast.alice) return "Alice";
  if (index === cast.bob) return "Bob";
  if (index === cast.relayer) return "relayer";
  return (
    pick(cast.validators, "validator owner") ??
    pick(cast.delegators, "delegator") ??
    pick(cast.hosts, "storage host") ??
    pick(cast.seeders, "seeder") ??
    pick(cast.relayers, "relayer daemon") ??
    "unused"
  );
}

export function fundedAccounts(): FundedAccount[] {
  return Array.from({ length: FUNDED_ACCOUNTS }, (_, index) => {
    const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index });
    const key = account.getHdKey().privateKey;
    if (key === null) throw new Error(`no private key for account ${index}`);
    return { index, address: account.address, privateKey: toHex(key), role: roleOf(index) };
  });
}
