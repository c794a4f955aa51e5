import type { ReadClient } from "../contract.ts";
import type { AnyAddress } from "../tron/address.ts";
import { castVote, type CastVoteParameters } from "./actions/castVote.ts";
import { executeProposal, type ExecuteProposalParameters } from "./actions/executeProposal.ts";
import { getProposal, type GetProposalParameters } from "./actions/getProposal.ts";
import { getVote, type GetVoteParameters } from "./actions/getVote.ts";
import { propose, type ProposeParameters } from "./actions/propose.ts";
import { queueProposal, type QueueProposalParameters } from "./actions/queueProposal.ts";
import type { GovernanceHome } from "./types.ts";

type Bound<P> = Omit<P, "governor" | "homeReceiver" | "outbox">;

/**
 * Binds the governance actions to a client and the home's governance contracts:
 * `walletClient.extend(governanceActions({ governor, homeReceiver, outbox })).castVote({ proposalId, support: "for" })`.
 */
export function governanceActions(config: GovernanceHome & { governor: AnyAddress }) {
  return (client: ReadClient) => ({
    propose: (p: Bound<ProposeParameters>) => propose(client, { ...config, ...p }),
    castVote: (p: Bound<CastVoteParameters>) => castVote(client, { ...p, governor: config.governor }),
    queueProposal: (p: Bound<QueueProposalParameters>) => queueProposal(client, { ...p, governor: config.governor }),
    executeProposal: (p: Bound<ExecuteProposalParameters>) =>
      executeProposal(client, { ...p, governor: config.governor }),
    getProposal: (p: Bound<GetProposalParameters>) => getProposal(client, { ...p, governor: config.governor }),
    getVote: (p: Bound<GetVoteParameters>) => getVote(client, { ...p, governor: config.governor }),
  });
}
