/**
 * Reads Ignition modules without Ignition's executor: the contract deployments a module makes
 * (dependencies first) and their constructor arguments resolved against a parameter set, the
 * deployer's accounts and the addresses already deployed. The EVM deploy uses it to record
 * constructor arguments in the manifest (for explorer verification); the TRON deploy uses it to
 * build the same deployments with TronWeb.
 */
import type { AnyIgnitionModule } from "../modules.ts";

/** A JSON value of a resolved constructor argument (integers as decimal strings). */
export type ArgumentValue =
  string | number | boolean | readonly ArgumentValue[] | { readonly [field: string]: ArgumentValue };

/** Ignition's parameter-file shape: module id -> parameter -> value, plus `$global`. */
export type DeployParameters = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** One contract of a module: deployed by it, or an existing one it refers to (`m.contractAt`). */
export interface ContractFuture {
  /** Ignition future id, e.g. "Messaging#Inbox". */
  readonly id: string;
  readonly contractName: string;
  /** "existing": not deployed, its address is `address` (a parameter or a literal). */
  readonly kind: "deploy" | "existing";
  readonly constructorArgs: readonly unknown[];
  readonly address?: unknown;
}

interface RawFuture {
  readonly id: string;
  readonly type: string;
  readonly contractName?: string;
  readonly constructorArgs?: readonly unknown[];
  readonly address?: unknown;
  readonly dependencies: Iterable<RawFuture>;
}

interface RawModule {
  readonly futures: Iterable<RawFuture>;
  readonly submodules: Iterable<RawModule>;
}

/** Contract deployments of `modules` in an order where every dependency comes first (deduplicated). */
export function contractFutures(modules: readonly AnyIgnitionModule[]): ContractFuture[] {
  const ordered: ContractFuture[] = [];
  const seen = new Set<string>();
  const visit = (future: RawFuture): void => {
    if (seen.has(future.id)) return;
    seen.add(future.id);
    for (const dependency of future.dependencies) visit(dependency);
    if (future.contractName === undefined) throw new Error(`${future.id}: unsupported future type ${future.type}`);
    if (future.type === "NAMED_ARTIFACT_CONTRACT_DEPLOYMENT") {
      ordered.push({
        id: future.id,
        contractName: future.contractName,
        kind: "deploy",
        constructorArgs: future.constructorArgs ?? [],
      });
    } else if (future.type === "NAMED_ARTIFACT_CONTRACT_AT") {
      ordered.push({
        id: future.id,
        contractName: future.contractName,
        kind: "existing",
        constructorArgs: [],
        address: future.address,
      });
    } else {
      throw new Error(
        `${future.id}: only named-artifact deployments and contractAt are supported (got ${future.type})`,
      );
    }
  };
  const walk = (module: RawModule): void => {
    for (const sub of module.submodules) walk(sub);
    for (const future of module.futures) visit(future);
  };
  for (const module of modules) walk(module as unknown as RawModule);
  return ordered;
}

/** A parameter the modules need and the parameter set does not give. */
export class MissingParameterError extends Error {
  override name = "MissingParameterError";
  readonly parameter: string;
  constructor(parameter: string) {
    super(`Missing deployment parameter ${parameter} (set it in deploy/parameters/<network>.json)`);
    this.parameter = parameter;
  }
}

export interface ResolveContext {
  readonly parameters: DeployParameters;
  /** The deployer's accounts (index 0 signs). */
  readonly accounts: readonly string[];
  /** Address of an already deployed future; throws if unknown. */
  addressOf(futureId: string): string;
}

/** Resolves one constructor argument (parameters, accounts, futures, nested arrays and structs). */
export function resolveArgument(value: unknown, ctx: ResolveContext): ArgumentValue {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => resolveArgument(v, ctx));
  if (typeof value !== "object" || value === null) throw new Error(`unsupported constructor argument ${String(value)}`);
  const v = value as Record<string, unknown>;
  if (v.type === "MODULE_PARAMETER") {
    const moduleId = v.moduleId as string;
    const name = v.name as string;
    const given = ctx.parameters[moduleId]?.[name] ?? ctx.parameters.$global?.[name];
    if (given !== undefined) return resolveArgument(given, ctx);
    if (v.defaultValue !== undefined) return resolveArgument(v.defaultValue, ctx);
    throw new MissingParameterError(`${moduleId}.${name}`);
  }
  if (v.type === "ACCOUNT") {
    const account = ctx.accounts[v.accountIndex as number];
    if (account === undefined) throw new Error(`no account #${String(v.accountIndex)} configured`);
    return account;
  }
  if (typeof v.id === "string" && typeof v.type === "string" && "contractName" in v) return ctx.addressOf(v.id);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveArgument(x, ctx)]));
}

export function resolveArguments(future: ContractFuture, ctx: ResolveContext): ArgumentValue[] {
  return future.constructorArgs.map((arg) => resolveArgument(arg, ctx));
}

/** Checks every parameter the futures need is given (addresses of futures are not needed). */
export function missingParameters(futures: readonly ContractFuture[], parameters: DeployParameters): string[] {
  const missing = new Set<string>();
  const ctx: ResolveContext = { parameters, accounts: [ZERO], addressOf: () => ZERO };
  for (const future of futures) {
    for (const arg of future.kind === "existing" ? [future.address] : future.constructorArgs) {
      try {
        resolveArgument(arg, ctx);
      } catch (error) {
        if (error instanceof MissingParameterError) missing.add(error.parameter);
        else throw error;
      }
    }
  }
  return [...missing];
}

const ZERO = "0x0000000000000000000000000000000000000000";
