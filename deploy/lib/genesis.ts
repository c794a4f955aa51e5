/**
 * The genesis validator set of the verifiers on chains other than the staking home (DESIGN
 * section 4): the set the home's ValidatorSet holds, read from its last `ValidatorSetUpdated`
 * event, and written as the Messaging module's parameters.
 */
import { readFile } from "node:fs/promises";

import { getAddress, isAddress, type Address, type PublicClient } from "viem";

import { contractAddress, deployedContract, type DeploymentManifest } from "@btt-network/sdk/deployments";
import { getVerifierState, hashValidatorSet, validatorSetAbi } from "@btt-network/sdk/staking";
import type { DeployParameters } from "./futures.ts";

export interface GenesisSet {
  readonly epoch: bigint;
  readonly signers: readonly Address[];
  readonly powers: readonly bigint[];
}

/** Checks a genesis set: non-empty, strictly ascending signers, positive powers, equal lengths. */
export function checkGenesis(genesis: GenesisSet): GenesisSet {
  if (genesis.signers.length === 0) throw new Error("genesis set is empty");
  if (genesis.signers.length !== genesis.powers.length) {
    throw new Error(`genesis set has ${genesis.signers.length} signers but ${genesis.powers.length} powers`);
  }
  for (let i = 1; i < genesis.signers.length; i++) {
    if (BigInt(genesis.signers[i - 1] as string) >= BigInt(genesis.signers[i] as string)) {
      throw new Error(
        `genesis signers must be strictly ascending (${genesis.signers[i - 1]} then ${genesis.signers[i]})`,
      );
    }
  }
  if (genesis.powers.some((p) => p <= 0n)) throw new Error("genesis powers must be positive");
  return genesis;
}

/** Reads `{ "epoch", "signers", "powers" }` (integers as numbers or decimal strings). */
export async function readGenesisFile(file: string): Promise<GenesisSet> {
  const raw = JSON.parse(await readFile(file, "utf8")) as { epoch?: unknown; signers?: unknown; powers?: unknown };
  const int = (v: unknown, what: string): bigint => {
    if ((typeof v === "number" && Number.isSafeInteger(v)) || (typeof v === "string" && /^\d+$/.test(v)))
      return BigInt(v);
    throw new Error(`${file}: ${what} must be an integer`);
  };
  if (!Array.isArray(raw.signers) || !Array.isArray(raw.powers))
    throw new Error(`${file}: signers and powers must be arrays`);
  const signers = raw.signers.map((s: unknown) => {
    if (typeof s !== "string" || !isAddress(s, { strict: false })) throw new Error(`${file}: bad signer ${String(s)}`);
    return getAddress(s);
  });
  return checkGenesis({
    epoch: int(raw.epoch, "epoch"),
    signers,
    powers: raw.powers.map((p: unknown) => int(p, "power")),
  });
}

export function genesisJson(genesis: GenesisSet): string {
  return `${JSON.stringify({ epoch: genesis.epoch.toString(), signers: genesis.signers, powers: genesis.powers.map(String) }, null, 2)}\n`;
}

/** Adds the genesis set as `Messaging.{genesisEpoch, signers, powers}`. */
export function withGenesis(parameters: DeployParameters, genesis: GenesisSet): DeployParameters {
  checkGenesis(genesis);
  return {
    ...parameters,
    Messaging: {
      ...parameters.Messaging,
      genesisEpoch: genesis.epoch.toString(),
      signers: [...genesis.signers],
      powers: genesis.powers.map(String),
    },
  };
}

/**
 * The set the staking home's ValidatorSet holds now: its last `ValidatorSetUpdated` event (scanned
 * backwards in windows of `window` blocks), checked against the verifier's committed hash.
 */
export async function fetchGenesis(
  client: PublicClient,
  home: DeploymentManifest,
  window = 5_000n,
): Promise<GenesisSet> {
  if (home.stakingHome !== true) throw new Error(`${home.network} is not the staking home`);
  const address = contractAddress(home, "validatorSet");
  const from = deployedContract(home, "validatorSet").blockNumber;
  const state = await getVerifierState(client as never, { validatorSet: address });
  if (state.totalPower === 0n)
    throw new Error(`${home.network}'s ValidatorSet holds no set yet: register validators and sync it first`);
  for (let to = await client.getBlockNumber(); to >= from; to -= window) {
    const start = to - window + 1n > from ? to - window + 1n : from;
    const logs = await client.getContractEvents({
      address,
      abi: validatorSetAbi,
      eventName: "ValidatorSetUpdated",
      fromBlock: start,
      toBlock: to,
    });
    const last = logs.at(-1);
    if (last === undefined) continue;
    const { epoch, signers, powers } = last.args as {
      epoch: bigint;
      signers: readonly Address[];
      powers: readonly bigint[];
    };
    if (
      epoch !== state.epoch ||
      hashValidatorSet(signers.map((signer, i) => ({ signer, power: powers[i] as bigint }))) !== state.setHash
    ) {
      throw new Error(
        `the last ValidatorSetUpdated (epoch ${epoch}) does not match the verifier (epoch ${state.epoch}): retry`,
      );
    }
    return checkGenesis({ epoch, signers, powers });
  }
  throw new Error(`no ValidatorSetUpdated event on ${home.network} since block ${from}`);
}
