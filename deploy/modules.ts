/**
 * The Ignition modules the deploy script knows, with the chain roles each belongs on and the
 * manifest key of every contract it returns. Domains add their modules here as they land.
 */
import type { ChainRole } from "./chains.ts";
import Token from "./ignition/modules/Token.ts";

export interface ModuleEntry {
  readonly name: string;
  readonly module: typeof Token;
  readonly roles: readonly ChainRole[];
  /** Ignition result key -> [manifest key, contract name]. */
  readonly contracts: Readonly<Record<string, readonly [string, string]>>;
}

export const deployModules: readonly ModuleEntry[] = [
  { name: "token", module: Token, roles: ["root", "child"], contracts: { token: ["token", "BTTToken"] } },
];
