import {
  AbiEncodingArrayLengthMismatchError,
  AbiEncodingBytesSizeMismatchError,
  AbiEncodingLengthMismatchError,
  BaseError as ViemBaseError,
  BytesSizeMismatchError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  IntegerOutOfRangeError,
  InvalidAddressError as ViemInvalidAddressError,
  InvalidArrayError,
  SizeExceedsPaddingSizeError,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Client,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type Hex,
  type Transport,
} from "viem";
import { getChainId, getCode, simulateContract, writeContract } from "viem/actions";

import {
  InvalidArgumentError,
  NoContractError,
  revertedCustomError,
  UnknownRevertError,
  type ContractRevertError,
  type RevertedCustomError,
} from "./errors.ts";
import { erc20ErrorsAbi } from "./token/abi.ts";
import { normalizeAddresses, toEvmAddress, type AnyAddress } from "./tron/address.ts";
import { stopIfPreparing } from "./preparing.ts";

/** Any viem client that can read: a public client, or a wallet client with or without an account. */
export type ReadClient = Client<Transport, Chain | undefined, Account | undefined>;
/** A viem client that signs and sends: a wallet client bound to an account. */
export type SigningClient = Client<Transport, Chain | undefined, Account>;

type WriteMutability = "nonpayable" | "payable";

/** A state-changing call of `abi`, typed by viem from the ABI (function name, arguments, value). */
export interface ContractWrite<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
> {
  /** The contract: 0x hex, or TRON base58/hex (address arguments take every form too). */
  readonly address: AnyAddress;
  readonly abi: abi;
  readonly functionName: functionName;
  readonly args: args;
  /** Native value sent with the call (payable functions). */
  readonly value?: bigint;
  /** Sender; defaults to the client's account. */
  readonly account?: Account | Address;
}

/** The call with its contract address and every `address` argument in checksummed 0x form (InvalidAddressError otherwise). */
function normalizeCall(call: { address: AnyAddress; abi: Abi; functionName: string; args: readonly unknown[] }) {
  const fn = call.abi.find(
    (item) => item.type === "function" && item.name === call.functionName && item.inputs.length === call.args.length,
  );
  const args = fn !== undefined && fn.type === "function" ? normalizeAddresses(fn.inputs, call.args) : [...call.args];
  return { address: toEvmAddress(call.address), args };
}

/** Turns a decoded custom error into the domain's `ContractRevertError` subclass. */
export type RevertDecoder = (revert: RevertedCustomError, cause: unknown) => ContractRevertError;

/**
 * The one write path of the SDK: simulates the call (so a revert is caught before anything is
 * signed), sends it, and turns a revert into the domain's typed error via `decode`. ERC-20 errors
 * are decoded too (they bubble up through deposits and stakes). Returns the transaction hash; it
 * never retries and never waits for the receipt.
 */
export async function sendContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(client: ReadClient, call: ContractWrite<abi, functionName, args>, decode: RevertDecoder): Promise<Hash> {
  const request = await prepareContractWrite(client, call, decode);
  // Under `prepareWrite` nothing is sent: the simulated request goes back to the caller instead.
  stopIfPreparing(client, request);
  try {
    return await writeContract(client, request as never);
  } catch (error) {
    throw await explainWriteFailure(client, request.address, call.functionName, error, decode);
  }
}

/** A simulated call, ready for a wallet to sign and send (`walletClient.writeContract(request)`). */
export interface PreparedContractWrite {
  readonly address: Address;
  readonly abi: Abi;
  readonly functionName: string;
  readonly args?: readonly unknown[] | undefined;
  readonly value?: bigint | undefined;
  readonly account: Account;
  readonly chain: Chain | undefined;
  readonly dataSuffix?: Hex | undefined;
}

/**
 * The first half of `sendContract`: normalizes the addresses, checks the contract has code and
 * simulates the call, decoding a revert into the domain's error; returns the request without
 * sending it, so a UI can have a wallet sign it and show its pending state.
 */
export async function prepareContractWrite<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(
  client: ReadClient,
  call: ContractWrite<abi, functionName, args>,
  decode: RevertDecoder,
): Promise<PreparedContractWrite> {
  const { address, args } = normalizeCall(
    call as { address: AnyAddress; abi: Abi; functionName: string; args: readonly unknown[] },
  );
  try {
    // An address without code accepts any call (and any value) silently: check it with the simulation.
    const [{ request }, code] = await Promise.all([
      simulateContract(client, {
        address,
        abi: [...call.abi, ...erc20ErrorsAbi],
        functionName: call.functionName,
        args,
        account: call.account ?? client.account,
        chain: client.chain,
        ...(call.value === undefined ? {} : { value: call.value }),
      } as never),
      getCode(client, { address }),
    ]);
    if (code === undefined || code === "0x") throw await noContract(client, address, call.functionName);
    return request as unknown as PreparedContractWrite;
  } catch (error) {
    throw await explainWriteFailure(client, address, call.functionName, error, decode);
  }
}

async function explainWriteFailure(
  client: ReadClient,
  address: Address,
  functionName: string,
  error: unknown,
  decode: RevertDecoder,
) {
  if (error instanceof NoContractError) return error;
  const decoded = decodeRevert(error, decode);
  return decoded === error ? explainFailure(client, address, functionName, error) : decoded;
}

const encodingErrors = [
  IntegerOutOfRangeError,
  ViemInvalidAddressError,
  AbiEncodingLengthMismatchError,
  AbiEncodingArrayLengthMismatchError,
  AbiEncodingBytesSizeMismatchError,
  BytesSizeMismatchError,
  InvalidArrayError,
  SizeExceedsPaddingSizeError,
];

/**
 * Turns a call failure that carries no custom error into a typed SDK error: an argument viem
 * cannot encode (a negative amount, a malformed address) is an `InvalidArgumentError`; a revert
 * from an address without code is a `NoContractError` (often a client on the wrong chain); any
 * other revert without a known reason is an `UnknownRevertError` naming the chain. Network and
 * wallet errors pass through unchanged.
 */
export async function explainFailure(
  client: ReadClient,
  address: Address,
  functionName: string,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof ViemBaseError)) return error;
  const encoding = error.walk((e) => encodingErrors.some((cls) => e instanceof cls));
  if (encoding instanceof ViemBaseError) {
    return new InvalidArgumentError(`Invalid argument for ${functionName}: ${encoding.shortMessage}`, {
      cause: error,
      hints: [
        "Amounts are non-negative bigints within the Solidity type; addresses are 20-byte hex (or TRON base58 where accepted)",
      ],
    });
  }
  const reverted = error.walk(
    (e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError,
  );
  if (reverted === undefined || reverted === null) return error;
  const code = await getCode(client, { address }).catch(() => "unknown" as const);
  if (code === undefined || code === "0x") return noContract(client, address, functionName, error);
  const chainId = await getChainId(client).catch(() => undefined);
  return new UnknownRevertError(
    `${functionName} at ${address} on chain ${chainId ?? "?"} reverted without a reason the SDK knows`,
    {
      cause: error,
      hints: [
        "Check that the address is the contract this action expects on this chain (a wrong chain often answers with an empty revert)",
      ],
    },
  );
}

/** Maps a viem error to the domain's revert class when it carries a decoded custom error; else returns it unchanged. */
export function decodeRevert(error: unknown, decode: RevertDecoder): unknown {
  const reverted = revertedCustomError(error);
  return reverted === undefined ? error : decode(reverted, error);
}

async function noContract(
  client: ReadClient,
  address: Address,
  functionName: string,
  cause?: unknown,
): Promise<NoContractError> {
  const chainId = await getChainId(client).catch(() => undefined);
  return new NoContractError(
    `No contract at ${address} on chain ${chainId ?? "?"} (calling ${functionName}); nothing was sent`,
    {
      cause,
      hints: [
        "Check the address (the deployment manifest of this chain) and that the client is on the chain the contract lives on",
      ],
    },
  );
}
