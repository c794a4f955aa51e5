import type { Address, Hex } from "viem";

/**
 * EIP-712 domain shared by every BTT Network message (DESIGN section 3): no chainId and no
 * verifyingContract, so any chain can recompute any digest. Replay protection lives in the
 * structs, which always name the chain and contract that will verify them.
 */
export const bttDomain = { name: "BTT Network", version: "1" } as const;

/** EIP-712 type definitions, field order fixed: the Solidity library `Messages` hashes the same. */
export const messageTypes = {
  Checkpoint: [
    { name: "sourceChainId", type: "uint256" },
    { name: "destChainId", type: "uint256" },
    { name: "destContract", type: "address" },
    { name: "epoch", type: "uint256" },
    { name: "startBlock", type: "uint256" },
    { name: "endBlock", type: "uint256" },
    { name: "blockRoot", type: "bytes32" },
    { name: "messageRoot", type: "bytes32" },
    { name: "messageCount", type: "uint256" },
  ],
  ValidatorSetRotation: [
    { name: "destChainId", type: "uint256" },
    { name: "destContract", type: "address" },
    { name: "epoch", type: "uint256" },
    { name: "newEpoch", type: "uint256" },
    { name: "newSetHash", type: "bytes32" },
    { name: "newTotalPower", type: "uint256" },
  ],
  Voucher: [
    { name: "chainId", type: "uint256" },
    { name: "pool", type: "address" },
    { name: "payer", type: "address" },
    { name: "payee", type: "address" },
    { name: "token", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "generation", type: "uint256" },
  ],
  StorageDeal: [
    { name: "chainId", type: "uint256" },
    { name: "market", type: "address" },
    { name: "client", type: "address" },
    { name: "host", type: "address" },
    { name: "root", type: "bytes32" },
    { name: "size", type: "uint256" },
    { name: "start", type: "uint256" },
    { name: "periods", type: "uint256" },
    { name: "periodLength", type: "uint256" },
    { name: "pricePerPeriod", type: "uint256" },
    { name: "collateral", type: "uint256" },
    { name: "challengesPerPeriod", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export type MessageKind = keyof typeof messageTypes;

/** Validators of `sourceChainId` attest, for `destChainId`, to a block range and an outbox root. */
export interface Checkpoint {
  sourceChainId: bigint;
  destChainId: bigint;
  destContract: Address;
  epoch: bigint;
  startBlock: bigint;
  endBlock: bigint;
  blockRoot: Hex;
  messageRoot: Hex;
  messageCount: bigint;
}

/** The current set (epoch `epoch`) hands over to the set `newSetHash` for `newEpoch`. */
export interface ValidatorSetRotation {
  destChainId: bigint;
  destContract: Address;
  epoch: bigint;
  newEpoch: bigint;
  newSetHash: Hex;
  newTotalPower: bigint;
}

/** Cumulative bandwidth payment from `payer` to `payee` out of a pooled deposit. */
export interface Voucher {
  chainId: bigint;
  pool: Address;
  payer: Address;
  payee: Address;
  token: Address;
  cumulativeAmount: bigint;
  generation: bigint;
}

/** A storage deal offered by `client` to `host` (DESIGN section 7). */
export interface StorageDeal {
  chainId: bigint;
  market: Address;
  client: Address;
  host: Address;
  root: Hex;
  size: bigint;
  start: bigint;
  periods: bigint;
  periodLength: bigint;
  pricePerPeriod: bigint;
  collateral: bigint;
  challengesPerPeriod: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface MessageByKind {
  Checkpoint: Checkpoint;
  ValidatorSetRotation: ValidatorSetRotation;
  Voucher: Voucher;
  StorageDeal: StorageDeal;
}
