import type { AnyAddress } from "../tron/address.ts";

import { bindAction, bindPrepare, bindWaitForWrite } from "../decorate.ts";
import { stakeManagerAbi, validatorSetAbi } from "./abi.ts";
import { getVerifierState } from "./actions/getVerifierState.ts";
import { rotateValidatorSet } from "./actions/rotateValidatorSet.ts";
import { syncValidatorSet } from "./actions/syncValidatorSet.ts";
import { verifyQuorum } from "./actions/verifyQuorum.ts";
import { advanceEpoch } from "./actions/advanceEpoch.ts";
import { approveStaking } from "./actions/approveStaking.ts";
import { claimRewards } from "./actions/claimRewards.ts";
import { claimSlot } from "./actions/claimSlot.ts";
import { delegate } from "./actions/delegate.ts";
import { findWeakestMember } from "./actions/findWeakestMember.ts";
import { fundRewards } from "./actions/fundRewards.ts";
import { getDelegation } from "./actions/getDelegation.ts";
import { getEpoch } from "./actions/getEpoch.ts";
import { getParams } from "./actions/getParams.ts";
import { getUnbond } from "./actions/getUnbond.ts";
import { getValidator } from "./actions/getValidator.ts";
import { reportDoubleSign } from "./actions/reportDoubleSign.ts";
import { restake } from "./actions/restake.ts";
import { setCommission } from "./actions/setCommission.ts";
import { setSigner } from "./actions/setSigner.ts";
import { stake } from "./actions/stake.ts";
import { unbond } from "./actions/unbond.ts";
import { unjail } from "./actions/unjail.ts";
import { withdrawUnbonded } from "./actions/withdrawUnbonded.ts";
import type { ReadClient } from "../contract.ts";

type Bound<P> = Omit<P, "stakeManager">;
type Action<P, R> = (client: ReadClient, parameters: P) => Promise<R>;

function bind<P extends { stakeManager: AnyAddress }, R>(
  client: ReadClient,
  stakeManager: AnyAddress,
  action: Action<P, R>,
) {
  return (parameters: Bound<P>): Promise<R> => action(client, { ...parameters, stakeManager } as P);
}

/**
 * Binds the StakeManager actions to a client and a StakeManager address:
 * `walletClient.extend(stakingActions({ stakeManager })).delegate({ validator, amount })`. Every
 * write also has its unsent form under `prepare`, and `waitForWrite(hash)` decodes the
 * StakeManager's events.
 */
export function stakingActions(config: { stakeManager: AnyAddress }) {
  return (client: ReadClient) => {
    const { stakeManager } = config;
    return {
      approveStaking: bind(client, stakeManager, approveStaking),
      stake: bind(client, stakeManager, stake),
      delegate: bind(client, stakeManager, delegate),
      unbond: bind(client, stakeManager, unbond),
      withdrawUnbonded: bind(client, stakeManager, withdrawUnbonded),
      claimRewards: bind(client, stakeManager, claimRewards),
      restake: bind(client, stakeManager, restake),
      setSigner: bind(client, stakeManager, setSigner),
      setCommission: bind(client, stakeManager, setCommission),
      unjail: bind(client, stakeManager, unjail),
      claimSlot: bind(client, stakeManager, claimSlot),
      fundRewards: bind(client, stakeManager, fundRewards),
      advanceEpoch: bind(client, stakeManager, advanceEpoch),
      reportDoubleSign: bind(client, stakeManager, reportDoubleSign),
      getValidator: bind(client, stakeManager, getValidator),
      getDelegation: bind(client, stakeManager, getDelegation),
      getUnbond: bind(client, stakeManager, getUnbond),
      getEpoch: bind(client, stakeManager, getEpoch),
      getParams: bind(client, stakeManager, getParams),
      findWeakestMember: bind(client, stakeManager, findWeakestMember),
      waitForWrite: bindWaitForWrite(client, stakeManagerAbi),
      prepare: {
        approveStaking: bindPrepare(client, approveStaking, { stakeManager }, "approveStaking"),
        stake: bindPrepare(client, stake, { stakeManager }, "stake"),
        delegate: bindPrepare(client, delegate, { stakeManager }, "delegate"),
        unbond: bindPrepare(client, unbond, { stakeManager }, "unbond"),
        withdrawUnbonded: bindPrepare(client, withdrawUnbonded, { stakeManager }, "withdrawUnbonded"),
        claimRewards: bindPrepare(client, claimRewards, { stakeManager }, "claimRewards"),
        restake: bindPrepare(client, restake, { stakeManager }, "restake"),
        setSigner: bindPrepare(client, setSigner, { stakeManager }, "setSigner"),
        setCommission: bindPrepare(client, setCommission, { stakeManager }, "setCommission"),
        unjail: bindPrepare(client, unjail, { stakeManager }, "unjail"),
        claimSlot: bindPrepare(client, claimSlot, { stakeManager }, "claimSlot"),
        fundRewards: bindPrepare(client, fundRewards, { stakeManager }, "fundRewards"),
        advanceEpoch: bindPrepare(client, advanceEpoch, { stakeManager }, "advanceEpoch"),
        reportDoubleSign: bindPrepare(client, reportDoubleSign, { stakeManager }, "reportDoubleSign"),
      },
    };
  };
}

/**
 * Binds the verifier actions to a client and a chain's `ValidatorSet` (every chain has one; the
 * StakeManager only the staking home): `client.extend(validatorSetActions({ validatorSet })).getVerifierState()`.
 */
export function validatorSetActions(config: { validatorSet: AnyAddress }) {
  return (client: ReadClient) => {
    const { validatorSet } = config;
    return {
      getVerifierState: bindAction(client, getVerifierState, { validatorSet }),
      verifyQuorum: bindAction(client, verifyQuorum, { validatorSet }),
      syncValidatorSet: bindAction(client, syncValidatorSet, { validatorSet }),
      rotateValidatorSet: bindAction(client, rotateValidatorSet, { validatorSet }),
      waitForWrite: bindWaitForWrite(client, validatorSetAbi),
      prepare: {
        syncValidatorSet: bindPrepare(client, syncValidatorSet, { validatorSet }, "syncValidatorSet"),
        rotateValidatorSet: bindPrepare(client, rotateValidatorSet, { validatorSet }, "rotateValidatorSet"),
      },
    };
  };
}
