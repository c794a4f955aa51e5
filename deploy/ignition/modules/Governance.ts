import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toHex } from "viem";

const role = (name: string) => keccak256(toHex(name));
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;

/**
 * Staked-BTT governance on the staking home (DESIGN section 15): StakeVotes over the StakeManager,
 * the BttTimelock, the BttGovernor, and the home GovernanceReceiver (which will own the home's
 * contracts and obeys only the timelock and, for bounded bridge pauses, the guardian).
 *
 * The timelock starts with the deployer as admin only to grant the Governor its proposer,
 * canceller and executor roles; the module then renounces that admin role, so the timelock
 * administers itself. `setVotes` attaches the votes while the deployer still owns the
 * StakeManager (before anything is staked). Handing the contracts over is `deploy/lib/handover.ts`.
 *
 * Parameters (`GovernanceHome.*`, ranges in contracts/governance/IBttGovernor.sol):
 * `stakeManager` (address), `votingDelay` (blocks, 1..201600), `votingPeriod` (blocks, 20..864000),
 * `proposalThreshold` (BTT wei, 1e18..1e27), `quorumPercent` (1..50), `timelockDelay` (seconds,
 * 60..2592000), `guardian` (default: none), `maxPause` (seconds, 3600..1209600, default 3 days).
 */
export const GovernanceHome = buildModule("GovernanceHome", (m) => {
  const stakeManager = m.contractAt("StakeManager", m.getParameter<string>("stakeManager"));
  const deployer = m.getAccount(0);
  const votes = m.contract("StakeVotes", [stakeManager]);
  const timelock = m.contract("BttTimelock", [m.getParameter("timelockDelay"), [], [], deployer]);
  const governor = m.contract("BttGovernor", [
    votes,
    timelock,
    m.getParameter("votingDelay"),
    m.getParameter("votingPeriod"),
    m.getParameter("proposalThreshold"),
    m.getParameter("quorumPercent"),
  ]);
  const roles = ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"].map((name) =>
    m.call(timelock, "grantRole", [role(name), governor], { id: `grant_${name}` }),
  );
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { after: roles });
  m.call(stakeManager, "setVotes", [votes]);
  const receiver = m.contract("GovernanceReceiver", [
    "0x0000000000000000000000000000000000000000",
    m.getParameter("homeChainId"),
    timelock,
    m.getParameter("guardian", "0x0000000000000000000000000000000000000000"),
    m.getParameter("maxPause", 259_200n),
  ]);
  return { votes, timelock, governor, receiver };
});

/**
 * The GovernanceReceiver of a chain that is not the staking home: it takes governance actions
 * only as Inbox messages from the governance it obeys: the home timelock on BTTC; on a root chain
 * that is not the home (Ethereum, BNB Chain), BTTC's receiver, which forwards the home's legs
 * (messaging runs root <-> BTTC only).
 *
 * Parameters (`GovernanceRemote.*`): `inbox` (this chain's Inbox), `homeChainId` and
 * `homeTimelock` (the home chain id and timelock from the home's manifest, or 199 and BTTC's
 * receiver on Ethereum and BNB Chain; `governingOf` in deploy/lib/handover.ts picks), `guardian`
 * (default: none), `maxPause` (seconds, default 3 days).
 */
export const GovernanceRemote = buildModule("GovernanceRemote", (m) => {
  const receiver = m.contract("GovernanceReceiver", [
    m.getParameter<string>("inbox"),
    m.getParameter("homeChainId"),
    m.getParameter<string>("homeTimelock"),
    m.getParameter("guardian", "0x0000000000000000000000000000000000000000"),
    m.getParameter("maxPause", 259_200n),
  ]);
  return { receiver };
});
