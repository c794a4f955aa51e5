/**
 * Constructor arguments from JSON (parameter files, manifests: integers as decimal strings,
 * addresses in any of the EVM or TRON forms) to the typed values viem encodes, following the
 * constructor's ABI. Shared by the TRON deployer and the tests that decode deployments.
 */
import { encodeAbiParameters, type Abi, type AbiParameter, type Hex } from "viem";

import { toEvmAddress } from "@btt-network/sdk/tron";

function coerce(param: AbiParameter, value: unknown, path: string): unknown {
  const array = /^(.*)\[(\d*)\]$/.exec(param.type);
  if (array !== null) {
    if (!Array.isArray(value)) throw new Error(`${path} must be an array (${param.type})`);
    const length = array[2] === "" ? undefined : Number(array[2]);
    if (length !== undefined && value.length !== length) throw new Error(`${path} must have ${length} elements`);
    const inner = { ...param, type: array[1] as string } as AbiParameter;
    return value.map((v, i) => coerce(inner, v, `${path}[${i}]`));
  }
  if (param.type === "tuple") {
    const components = (param as { components: readonly AbiParameter[] }).components;
    if (typeof value !== "object" || value === null) throw new Error(`${path} must be a struct`);
    const get = (c: AbiParameter, i: number) =>
      Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name ?? ""];
    return Object.fromEntries(components.map((c, i) => [c.name, coerce(c, get(c, i), `${path}.${c.name}`)]));
  }
  if (/^u?int\d*$/.test(param.type)) {
    if (typeof value === "bigint") return value;
    if (
      (typeof value === "number" && Number.isSafeInteger(value)) ||
      (typeof value === "string" && /^-?\d+$/.test(value))
    )
      return BigInt(value);
    throw new Error(`${path} must be an integer (${param.type}), got ${String(value)}`);
  }
  if (param.type === "address") {
    if (typeof value !== "string") throw new Error(`${path} must be an address`);
    return toEvmAddress(value);
  }
  if (param.type === "bool") {
    if (typeof value !== "boolean") throw new Error(`${path} must be a boolean`);
    return value;
  }
  return value;
}

/** The constructor's inputs of an artifact ABI (empty without a constructor). */
export function constructorInputs(abi: Abi): readonly AbiParameter[] {
  const ctor = abi.find((item) => item.type === "constructor");
  return ctor === undefined ? [] : (ctor as { inputs: readonly AbiParameter[] }).inputs;
}

/** Typed constructor arguments, checked against the ABI (count, integers, addresses, structs). */
export function coerceConstructorArgs(abi: Abi, args: readonly unknown[]): unknown[] {
  const inputs = constructorInputs(abi);
  if (inputs.length !== args.length)
    throw new Error(`constructor takes ${inputs.length} argument(s), got ${args.length}`);
  return inputs.map((input, i) => coerce(input, args[i], input.name || `arg${i}`));
}

/** ABI encoding of the constructor arguments (what follows the creation code), without 0x. */
export function encodeConstructorArgs(abi: Abi, args: readonly unknown[]): string {
  const inputs = constructorInputs(abi);
  if (inputs.length === 0) {
    if (args.length !== 0) throw new Error(`constructor takes no arguments, got ${args.length}`);
    return "";
  }
  return (encodeAbiParameters(inputs, coerceConstructorArgs(abi, args)) as Hex).slice(2);
}
