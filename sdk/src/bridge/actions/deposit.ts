import { parseSignature, type Address, type Hex } from "viem";
import { getBlock, readContract, signTypedData } from "viem/actions";

import { explainFailure, sendContract } from "../../contract.ts";
import { assertTokenBalance } from "../../token/balance.ts";

import { InvalidArgumentError } from "../../errors.ts";
import { rootBridgeAbi } from "../abi.ts";
import { bridgeRevert } from "../errors.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage } from "../types.ts";
import { confirm, ensureAllowance, outboxOf, sentMessage, type SigningClient } from "./shared.ts";

export interface DepositParameters {
  /** RootBridge on the client's chain. */
  rootBridge: AnyAddress;
  /** Mapped root token (TRC-20/ERC-20; for BTT, its token on this root chain). */
  token: AnyAddress;
  amount: bigint;
  /** Recipient on BTTC. Default: the client's account. */
  recipient?: AnyAddress;
  /**
   * How the bridge gets its allowance: `"approve"` sends an approval first when the allowance is
   * short (default); `"permit"` signs an EIP-2612 permit instead (one transaction).
   */
  approval?: "approve" | "permit";
  /** Permit validity in seconds from the latest block. Default 3600. */
  permitValiditySeconds?: bigint;
  /** Called at each stage, so a UI can show pending states (`approval-sent` carries the approval's hash). */
  onProgress?: (progress: DepositProgress) => void;
}

/** The stages of a deposit, in order (the approval stages only when an approval is sent). */
export type DepositProgress =
  | { stage: "approval-sent"; hash: Hex }
  | { stage: "approval-confirmed"; hash: Hex }
  | { stage: "permit-signed" }
  | { stage: "deposit-sent"; hash: Hex }
  | { stage: "deposit-confirmed"; hash: Hex; message: CrossChainMessage };

export interface DepositReturnType {
  /** The deposit transaction. */
  hash: Hex;
  /** The approval transaction, when one was needed. */
  approvalHash?: Hex;
  /** The DEPOSIT message (track it with `getMessageStatus` on BTTC). */
  message: CrossChainMessage;
}

/**
 * Locks `amount` of a mapped token in the RootBridge for `recipient` on BTTC, paying the bridge's
 * flat fee. Approves (or permits) first when needed.
 */
export async function deposit(client: SigningClient, parameters: DepositParameters): Promise<DepositReturnType> {
  const bridge = toEvmAddress(parameters.rootBridge);
  const token = toEvmAddress(parameters.token);
  const recipient = toEvmAddress(parameters.recipient ?? client.account.address);
  if (typeof parameters.amount !== "bigint" || parameters.amount <= 0n) {
    throw new InvalidArgumentError("Deposit amount must be a positive bigint", {
      details: { amount: parameters.amount },
    });
  }
  const amount = parameters.amount;
  const fee = await readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "fee" }).catch(
    async (error: unknown) => {
      throw await explainFailure(client, bridge, "RootBridge.fee", error);
    },
  );
  // Before any approval or permit: a deposit above the balance sends nothing.
  await assertTokenBalance(client, { token, owner: client.account.address, amount });
  const base = { address: bridge, abi: rootBridgeAbi, value: fee } as const;

  let hash: Hex;
  let approvalHash: Hex | undefined;
  if (parameters.approval === "permit") {
    const validity = parameters.permitValiditySeconds ?? 3600n;
    const { timestamp } = await getBlock(client, { blockTag: "latest" });
    const deadline = timestamp + validity;
    const { v, r, s } = await signPermit(client, token, bridge, amount, deadline);
    parameters.onProgress?.({ stage: "permit-signed" });
    hash = await sendContract(
      client,
      { ...base, functionName: "depositWithPermit", args: [token, recipient, amount, deadline, v, r, s] },
      bridgeRevert("RootBridge.depositWithPermit"),
    );
  } else {
    approvalHash = await ensureAllowance(client, token, bridge, amount, {
      onSent: (approval) => parameters.onProgress?.({ stage: "approval-sent", hash: approval }),
      onConfirmed: (approval) => parameters.onProgress?.({ stage: "approval-confirmed", hash: approval }),
    });
    hash = await sendContract(
      client,
      { ...base, functionName: "deposit", args: [token, recipient, amount] },
      bridgeRevert("RootBridge.deposit"),
    );
  }
  parameters.onProgress?.({ stage: "deposit-sent", hash });
  const receipt = await confirm(client, hash);
  const message = await sentMessage(client, await outboxOf(client, bridge), receipt);
  parameters.onProgress?.({ stage: "deposit-confirmed", hash, message });
  return approvalHash === undefined ? { hash, message } : { hash, approvalHash, message };
}

const eip5267Abi = [
  {
    type: "function",
    name: "eip712Domain",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "fields", type: "bytes1" },
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
      { name: "salt", type: "bytes32" },
      { name: "extensions", type: "uint256[]" },
    ],
  },
  {
    type: "function",
    name: "nonces",
    stateMutability: "view",
    inputs: [{ name: "owner", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
] as const;

/** Signs an EIP-2612 permit using the token's EIP-5267 domain. */
async function signPermit(client: SigningClient, token: Address, spender: Address, value: bigint, deadline: bigint) {
  const domain = await readContract(client, { address: token, abi: eip5267Abi, functionName: "eip712Domain" }).catch(
    (cause: unknown) => {
      throw new InvalidArgumentError(`Token ${token} does not publish an EIP-712 domain (EIP-5267)`, {
        cause,
        hints: ['Use approval: "approve" for tokens without EIP-2612 permits'],
      });
    },
  );
  const [, name, version, chainId, verifyingContract] = domain;
  const nonce = await readContract(client, {
    address: token,
    abi: eip5267Abi,
    functionName: "nonces",
    args: [client.account.address],
  });
  const signature = await signTypedData(client, {
    account: client.account,
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: client.account.address, spender, value, nonce, deadline },
  });
  const { v, r, s, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s };
}
