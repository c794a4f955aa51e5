/**
 * The registry of what gets deployed where: every Ignition module by domain, the chain roles it
 * belongs on, and the stable manifest key of every contract (read by the SDK and the relayer).
 * Used by the EVM deploy (deploy/lib/deployNetwork.ts) and the TRON deploy (deploy/tron/plan.ts),
 * so both put the same contracts on a chain with the same constructor arguments.
 */
import type { IgnitionModule, IgnitionModuleResult } from "@nomicfoundation/ignition-core";

import type { ChainRole } from "./chains.ts";
import { childBridgeModule } from "./ignition/modules/ChildBridge.ts";
import { Messaging, messagingHomeModule } from "./ignition/modules/Messaging.ts";
import Payments from "./ignition/modules/Payments.ts";
import { rootBridgeModule } from "./ignition/modules/RootBridge.ts";
import { stakingModule } from "./ignition/modules/Staking.ts";
import Storage from "./ignition/modules/Storage.ts";
import { ExistingToken, Token } from "./ignition/modules/Token.ts";

export type AnyIgnitionModule = IgnitionModule<string, string, IgnitionModuleResult<string>>;

/** Where a deployment goes. */
export interface DeployTarget {
  readonly role: ChainRole;
  /** Holds the StakeManager. */
  readonly stakingHome: boolean;
  /** BTT already exists on the chain (`Token.address` given): use it instead of deploying one. */
  readonly existingToken: boolean;
}

export const moduleNames = ["token", "staking", "messaging", "bridge", "storage", "payments"] as const;
export type ModuleName = (typeof moduleNames)[number];

/** The domain modules wired for one kind of target (the same objects, so shared futures deploy once). */
interface DomainModules {
  readonly token: AnyIgnitionModule;
  readonly staking: AnyIgnitionModule;
  readonly messaging: AnyIgnitionModule;
  readonly bridge: AnyIgnitionModule;
  readonly storage: AnyIgnitionModule;
  readonly payments: AnyIgnitionModule;
}

const cache = new Map<string, DomainModules>();

/** The modules for a target; memoised so that the same target always gets the same module objects. */
export function domainModules(target: DeployTarget): DomainModules {
  const key = `${target.role}/${target.stakingHome}/${target.existingToken}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const token = target.existingToken ? ExistingToken : Token;
  const staking = stakingModule(token);
  const messaging = target.stakingHome ? messagingHomeModule(staking) : Messaging;
  const bridge = target.role === "child" ? childBridgeModule(messaging) : rootBridgeModule(messaging);
  const modules = {
    token,
    staking,
    messaging,
    bridge,
    storage: Storage,
    payments: Payments,
  } as unknown as DomainModules;
  cache.set(key, modules);
  return modules;
}

export interface ModuleEntry {
  readonly name: ModuleName;
  /** Roles the module is deployed on by default. */
  readonly roles: readonly ChainRole[];
  /** Deployed only on the staking home. */
  readonly homeOnly?: boolean;
  /** Skipped (with a note) by default when one of these `Module.parameter`s is missing. */
  readonly needs?: readonly string[];
}

export const deployModules: readonly ModuleEntry[] = [
  { name: "token", roles: ["root"] },
  { name: "staking", roles: ["root", "child"], homeOnly: true },
  { name: "messaging", roles: ["root", "child"] },
  { name: "bridge", roles: ["root", "child"] },
  { name: "storage", roles: ["child"], needs: ["StorageMarket.token"] },
  { name: "payments", roles: ["child"] },
];

/** Ignition future id -> manifest key. The keys are an interface: never rename one. */
export const manifestKeys: Readonly<Record<string, string>> = {
  "Token#BTTToken": "token",
  "Staking#StakeManager": "stakeManager",
  "Staking#ValidatorSet": "validatorSet",
  "Messaging#ValidatorSet": "validatorSet",
  "Messaging#Inbox": "inbox",
  "Messaging#Outbox": "outbox",
  "RootBridge#RootBridge": "rootBridge",
  "ChildBridge#ChildBridge": "childBridge",
  "StorageMarket#StorageMarket": "storageMarket",
  "PaymentChannels#PaymentChannels": "paymentChannels",
};

/** Contract name -> source path under contracts/ (artifacts and explorer verification). */
export const contractSources: Readonly<Record<string, string>> = {
  BTTToken: "contracts/token/BTTToken.sol",
  StakeManager: "contracts/staking/StakeManager.sol",
  ValidatorSet: "contracts/staking/ValidatorSet.sol",
  Inbox: "contracts/messaging/Inbox.sol",
  Outbox: "contracts/messaging/Outbox.sol",
  RootBridge: "contracts/bridge/RootBridge.sol",
  ChildBridge: "contracts/bridge/ChildBridge.sol",
  StorageMarket: "contracts/storage/StorageMarket.sol",
  PaymentChannels: "contracts/payments/PaymentChannels.sol",
};

/** The modules deployed by default on a target, or the named ones (checked). */
export function selectModules(target: DeployTarget, names?: readonly string[]): ModuleEntry[] {
  if (names !== undefined) {
    const unknown = names.filter((n) => !deployModules.some((m) => m.name === n));
    if (unknown.length > 0) {
      throw new Error(`Unknown module(s) ${unknown.join(", ")}; known: ${moduleNames.join(", ")}`);
    }
    return deployModules.filter((m) => names.includes(m.name));
  }
  return deployModules.filter((m) => m.roles.includes(target.role) && (m.homeOnly !== true || target.stakingHome));
}
