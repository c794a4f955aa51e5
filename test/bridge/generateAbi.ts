/**
 * Renders sdk/src/bridge/abi.ts from the Hardhat artifacts (run after `hardhat build`):
 *     node test/bridge/generateAbi.ts
 * abi.test.ts checks the committed file against this rendering, so drift fails the tests.
 * The Inbox ABI also carries the validator-set verifier's errors, which bubble up through
 * `submitCheckpoint`, so that SDK users see them decoded.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const abiFile = join(root, "sdk/src/bridge/abi.ts");

interface AbiItem {
  type: string;
  name?: string;
}

function abiOf(path: string): AbiItem[] {
  return (JSON.parse(readFileSync(join(root, "artifacts/contracts", `${path}.json`), "utf8")) as { abi: AbiItem[] }).abi;
}

const validatorViews = `
/** The views of the validator-set verifier the bridge needs (the staking SDK has the full ABI). */
export const validatorSetViewsAbi = [
  { type: "function", name: "epoch", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint256" }] },
  { type: "function", name: "setHash", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "bytes32" }] },
  { type: "function", name: "totalPower", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint256" }] },
] as const;
`;

export function renderAbiFile(): string {
  const verifierErrors = abiOf("staking/ValidatorSet.sol/ValidatorSet").filter((item) => item.type === "error");
  const items: [string, AbiItem[]][] = [
    ["outboxAbi", abiOf("messaging/Outbox.sol/Outbox")],
    ["inboxAbi", [...abiOf("messaging/Inbox.sol/Inbox"), ...verifierErrors]],
    ["rootBridgeAbi", abiOf("bridge/RootBridge.sol/RootBridge")],
    ["childBridgeAbi", abiOf("bridge/ChildBridge.sol/ChildBridge")],
    ["childTokenAbi", abiOf("bridge/ChildToken.sol/ChildToken")],
  ];
  let out =
    "/**\n * Typed ABIs of the messaging and bridge contracts, generated from the Hardhat artifacts by\n" +
    " * test/bridge/generateAbi.ts (no Hardhat at run time); test/bridge/abi.test.ts fails when they drift.\n */\n";
  for (const [name, abi] of items) out += `\nexport const ${name} = ${JSON.stringify(abi, null, 2)} as const;\n`;
  return out + validatorViews;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(abiFile, renderAbiFile());
