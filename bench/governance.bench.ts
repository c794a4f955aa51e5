/**
 * Governance benchmark (DESIGN sections 14, 15): gas of a proposal's life on the staking home
 * (TRON stand-in) and of its cross-chain leg's execution on BTTC, read from receipts on simulated
 * chains with hardfork shanghai. Writes bench/results/governance.json.
 *
 * The proposal has one home action (StakeManager.setParams through the home GovernanceReceiver)
 * and one BTTC leg (ChildBridge.setFee through the BTTC receiver). `castVote` is measured for a
 * delegator holding shares of one pool and compared with the same BttGovernor over OpenZeppelin's
 * ERC20Votes token (a holder delegated to itself), measured in the same run.
 */
import { network } from "hardhat";
import { encodeFunctionData, getAddress, parseEther, zeroAddress, type Address, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  buildCheckpoint,
  buildMessageProof,
  childBridgeAbi,
  executeMessage,
  signCheckpointQuorum,
  submitCheckpoint,
} from "@btt-network/sdk/bridge";
import {
  castVote,
  executeProposal,
  getCrossChainLegs,
  propose,
  queueProposal,
  type GovernanceAction,
} from "@btt-network/sdk/governance";
import { sortValidatorSet, stakeManagerAbi } from "@btt-network/sdk/staking";
import { report, type BenchRow } from "./lib/report.ts";

const BTT = 10n ** 18n;
const HOME = 728126428n;
const params = {
  epochLength: 600n,
  maxValidators: 4,
  unbondingEpochs: 3n,
  jailEpochs: 2n,
  slashBps: 1_000,
  bountyBps: 1_000,
  minSelfStake: 1_000n * BTT,
  rewardPerEpoch: 100n * BTT,
  setMaxAge: 3_600n,
};
const ROLES = ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"] as const;

const tron = await network.create({ network: "tron" });
const bttc = await network.create({ network: "bttc" });
const pub = await tron.viem.getPublicClient();
const bttcPub = await bttc.viem.getPublicClient();
const [deployer, v1, d1, holder, other] = await tron.viem.getWalletClients();
const [bttcDeployer] = await bttc.viem.getWalletClients();
if (!deployer || !v1 || !d1 || !holder || !other || !bttcDeployer) throw new Error("no accounts");
const rows: BenchRow[] = [];

async function gasOf(hash: Hash | Promise<Hash>, client = pub): Promise<bigint> {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error("transaction reverted");
  return receipt.gasUsed;
}
const mine = (blocks: number) =>
  tron.provider.request({ method: "hardhat_mine", params: [`0x${blocks.toString(16)}`] });

/** Timelock + Governor over `votes`, the Governor holding the timelock's roles. */
async function governance(votes: Address) {
  const timelock = await tron.viem.deployContract("BttTimelock", [60n, [], [], deployer!.account.address]);
  const governor = await tron.viem.deployContract("BttGovernor", [votes, timelock.address, 1, 20, BTT, 4n]);
  for (const role of ROLES) await gasOf(timelock.write.grantRole([await timelock.read[role](), governor.address]));
  return { timelock, governor };
}

// ---------------------------------------------------------------------- the home, stake votes
const token = await tron.viem.deployContract("BTTToken", [deployer.account.address]);
const sm = await tron.viem.deployContract("StakeManager", [token.address, deployer.account.address, params]);
const stakeVotes = await tron.viem.deployContract("StakeVotes", [sm.address]);
await gasOf(sm.write.setVotes([stakeVotes.address]));
const { timelock, governor } = await governance(stakeVotes.address);
const homeReceiver = await tron.viem.deployContract("GovernanceReceiver", [
  zeroAddress,
  HOME,
  timelock.address,
  zeroAddress,
  3600n,
]);
const outbox = await tron.viem.deployContract("Outbox");
await gasOf(sm.write.transferOwnership([homeReceiver.address]));
await gasOf(homeReceiver.write.acceptOwnerships([[sm.address]]));

// ---------------------------------------------------------------------- BTTC
const keys = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey())).sort((a, b) =>
  BigInt(a.address) < BigInt(b.address) ? -1 : 1,
);
const set = {
  signers: sortValidatorSet(keys.map((k) => ({ signer: k.address, power: 100n }))).map((m) => m.signer),
  powers: [100n, 100n, 100n, 100n],
};
const verifier = await bttc.viem.deployContract("ValidatorSet", [zeroAddress, 1n, set.signers, set.powers, 86_400n]);
const inbox = await bttc.viem.deployContract("Inbox", [verifier.address]);
const bttcOutbox = await bttc.viem.deployContract("Outbox");
const receiver = await bttc.viem.deployContract("GovernanceReceiver", [
  inbox.address,
  HOME,
  timelock.address,
  zeroAddress,
  3600n,
]);
const childBridge = await bttc.viem.deployContract("ChildBridge", [
  bttcOutbox.address,
  inbox.address,
  bttcDeployer.account.address,
  0n,
  BTT,
]);
await gasOf(childBridge.write.transferOwnership([receiver.address]), bttcPub);
await gasOf(receiver.write.acceptOwnerships([[childBridge.address]]), bttcPub);

// ---------------------------------------------------------------------- stake
for (const [who, amount] of [
  [v1, 2_000n * BTT],
  [d1, 500n * BTT],
] as const) {
  await gasOf(token.write.mint([who.account.address, amount]));
  await gasOf(token.write.approve([sm.address, amount], { account: who.account }));
}
await gasOf(sm.write.stake([keys[0]!.address, 2_000n * BTT, 0], { account: v1.account }));
await gasOf(sm.write.delegate([v1.account.address, 500n * BTT], { account: d1.account }));
await mine(1);

// ---------------------------------------------------------------------- a proposal's life
const actions: GovernanceAction[] = [
  {
    chain: "home",
    calls: [
      {
        target: sm.address,
        data: encodeFunctionData({
          abi: stakeManagerAbi,
          functionName: "setParams",
          args: [{ ...params, rewardPerEpoch: 50n * BTT }],
        }),
      },
    ],
  },
  {
    chain: "remote",
    destChainId: 199n,
    receiver: receiver.address,
    calls: [
      {
        target: childBridge.address,
        data: encodeFunctionData({ abi: childBridgeAbi, functionName: "setFee", args: [parseEther("0.01")] }),
      },
    ],
  },
];
const home = { governor: governor.address, homeReceiver: homeReceiver.address, outbox: outbox.address };
const proposed = await propose(v1, { ...home, actions, description: "bench" });
const proposeGas = await gasOf(proposed.hash);
await mine(2);
const castVoteGas = await gasOf(
  castVote(d1, { governor: governor.address, proposalId: proposed.proposal.proposalId, support: "for" }),
);
await gasOf(castVote(v1, { governor: governor.address, proposalId: proposed.proposal.proposalId, support: "for" }));
await mine(21);
const queueGas = await gasOf(queueProposal(v1, { governor: governor.address, proposal: proposed.proposal }));
await tron.provider.request({ method: "evm_increaseTime", params: [60] });
await mine(1);
const executeHash = await executeProposal(v1, { governor: governor.address, proposal: proposed.proposal });
const executeGas = await gasOf(executeHash);

// ---------------------------------------------------------------------- the BTTC leg
const [leg] = await getCrossChainLegs(pub, {
  hash: executeHash,
  outbox: outbox.address,
  timelock: timelock.address,
  destinations: {},
});
if (leg === undefined) throw new Error("no cross-chain leg");
const checkpoint = await buildCheckpoint(pub, bttcPub, { outbox: outbox.address, inbox: inbox.address });
const quorum = await signCheckpointQuorum(checkpoint, set, keys);
await gasOf(submitCheckpoint(bttcDeployer, { inbox: inbox.address, checkpoint, proof: quorum }), bttcPub);
const proof = await buildMessageProof(pub, bttcPub, {
  outbox: outbox.address,
  inbox: inbox.address,
  message: {
    sourceChainId: HOME,
    destChainId: 199n,
    nonce: leg.nonce,
    sender: getAddress(timelock.address),
    target: leg.receiver,
    payload: leg.payload,
  },
});
const executed = await executeMessage(bttcDeployer, { inbox: inbox.address, proof });
if (!executed.delivered) throw new Error("the BTTC leg was not delivered");
const remoteExecuteGas = await gasOf(executed.hash, bttcPub);
if ((await childBridge.read.fee()) !== parseEther("0.01")) throw new Error("the BTTC leg did not set the fee");

// ---------------------------------------------------------------------- reference: ERC20Votes
const votesToken = await tron.viem.deployContract("VotesToken");
const reference = await governance(votesToken.address);
for (const who of [holder, other]) {
  await gasOf(votesToken.write.mint([who.account.address, 500n * BTT]));
  await gasOf(votesToken.write.delegate([who.account.address], { account: who.account }));
}
await mine(1);
const refProposal = await propose(other, {
  governor: reference.governor.address,
  homeReceiver: homeReceiver.address,
  outbox: outbox.address,
  actions,
  description: "bench (ERC20Votes)",
});
const refProposeGas = await gasOf(refProposal.hash);
await mine(2);
const refCastVoteGas = await gasOf(
  castVote(holder, {
    governor: reference.governor.address,
    proposalId: refProposal.proposal.proposalId,
    support: "for",
  }),
);

const ratio = Number(castVoteGas) / Number(refCastVoteGas);
rows.push(
  { metric: "propose_gas", value: Number(proposeGas), unit: "gas", reference: `ERC20Votes Governor: ${refProposeGas}` },
  {
    metric: "cast_vote_gas",
    value: Number(castVoteGas),
    unit: "gas",
    reference: `delegator with shares of one pool; ERC20Votes Governor castVote: ${refCastVoteGas}`,
  },
  {
    metric: "cast_vote_gas_erc20votes",
    value: Number(refCastVoteGas),
    unit: "gas",
    reference: "OpenZeppelin ERC20Votes, same Governor, same run",
  },
  {
    metric: "cast_vote_ratio_vs_erc20votes",
    value: ratio,
    unit: "x",
    reference: "stake votes / ERC20Votes (lower is cheaper)",
    better: "lower",
  },
  { metric: "queue_gas", value: Number(queueGas), unit: "gas", reference: "two operations into the timelock" },
  { metric: "execute_gas", value: Number(executeGas), unit: "gas", reference: "home setParams + one Outbox send" },
  {
    metric: "remote_execute_gas",
    value: Number(remoteExecuteGas),
    unit: "gas",
    reference: "Inbox.execute of the BTTC leg: proof + ChildBridge.setFee",
  },
);
await report("governance", rows);
await tron.close();
await bttc.close();
