/**
 * Payments benchmark (DESIGN sections 8 and 14): gas of every PaymentChannels action measured
 * from receipts on the simulated BTTC chain (intrinsic 21,000 and calldata included), and
 * off-chain voucher verifications per second on one core against viem's generic EIP-712
 * recovery measured in the same run.
 */
import { network } from "hardhat";
import { createWalletClient, custom, hashTypedData, recoverAddress, type Address, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { typedDataOf } from "../sdk/src/messages/index.ts";
import {
  claimVoucher,
  claimVouchers,
  completeWithdrawal,
  createVoucherVerifier,
  deposit,
  planWithdrawal,
  signVoucher,
  type SignedVoucher,
} from "../sdk/src/payments/index.ts";
import { report, type BenchRow } from "./lib/report.ts";

const connection = await network.connect({ network: "bttc" });
const { viem, networkHelpers, provider } = connection;
const publicClient = await viem.getPublicClient();
const chainId = BigInt(await publicClient.getChainId());
const [payeeWallet] = await viem.getWalletClients();
if (payeeWallet === undefined) throw new Error("no wallet client");
const payee = payeeWallet.account.address;
const DELAY = 86_400n;
const poolContract = await viem.deployContract("PaymentChannels", [DELAY]);
const pool = poolContract.address;
const token = await viem.deployContract("BTTToken", [payee]);

const gasOf = async (hash: Hash): Promise<number> => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`reverted: ${hash}`);
  return Number(receipt.gasUsed);
};

async function newPayer(): Promise<{ account: PrivateKeyAccount; wallet: ReturnType<typeof walletOf> }> {
  const account = privateKeyToAccount(generatePrivateKey());
  await networkHelpers.setBalance(account.address, 10n ** 24n);
  return { account, wallet: walletOf(account) };
}
function walletOf(account: PrivateKeyAccount) {
  return createWalletClient({ account, chain: publicClient.chain, transport: custom(provider) });
}
const voucher = (payer: PrivateKeyAccount, cumulativeAmount: bigint): Promise<SignedVoucher> =>
  signVoucher(payer, { chainId, pool, payer: payer.address, payee, cumulativeAmount, generation: 0n });

const rows: BenchRow[] = [];
const gasRow = (metric: string, value: number, reference: string, target?: number): void => {
  rows.push({ metric, value: Math.round(value), unit: "gas", reference, ...(target === undefined ? {} : { target }) });
};

// ---- deposits
const alice = await newPayer();
gasRow("deposit_gas", await gasOf(await deposit(alice.wallet, { pool, amount: 10n ** 21n })), "Raiden UserDeposit 98,703; open 111,094", 50_000);
gasRow("topup_gas", await gasOf(await deposit(alice.wallet, { pool, amount: 10n ** 21n })), "Raiden UserDeposit increase 34,503");
await token.write.mint([alice.account.address, 10n ** 24n]);
await deposit(alice.wallet, { pool, token: token.address, amount: 1n }); // approval + warm-up of the token's pool balance
const bob = await newPayer();
await token.write.mint([bob.account.address, 10n ** 24n]);
await deposit(bob.wallet, { pool, token: token.address, amount: 1n }).then(gasOf); // approval (first deposit of bob incl. approve)
const erc20Topup = await gasOf(await deposit(bob.wallet, { pool, token: token.address, amount: 10n ** 18n, approve: false }).catch(async () => {
  return deposit(bob.wallet, { pool, token: token.address, amount: 10n ** 18n });
}));
gasRow("deposit_erc20_topup_gas", erc20Topup, "ERC-20 pull with balance-delta check");

// ---- single claims (sent by the payee)
gasRow("claim_first_gas", await gasOf(await claimVoucher(payeeWallet, { voucher: await voucher(alice.account, 10n ** 18n) })), "first claim of a (payer, payee) pair: zero-to-nonzero slot");
gasRow("claim_gas", await gasOf(await claimVoucher(payeeWallet, { voucher: await voucher(alice.account, 2n * 10n ** 18n) })), "Raiden OneToN claim 103,552", 35_000);

// ---- batches: 100 payers, each with one earlier claim (steady state) and fresh pairs
const payers = await Promise.all(Array.from({ length: 100 }, () => newPayer()));
await Promise.all(payers.map((p) => deposit(p.wallet, { pool, amount: 10n ** 21n }).then(gasOf)));
const batchGas = async (count: number, amount: bigint): Promise<number> => {
  const vouchers = await Promise.all(payers.slice(0, count).map((p) => voucher(p.account, amount)));
  return gasOf(await claimVouchers(payeeWallet, { vouchers }));
};
const fresh1 = await batchGas(1, 1n);
const fresh10 = await batchGas(10, 1n); // payer 0 repeats, 1..9 fresh
const fresh100 = await batchGas(100, 1n); // 0..9 nothing to claim (skipped), 10..99 fresh
const batch1 = await batchGas(1, 10n);
const batch10 = await batchGas(10, 20n);
const batch100 = await batchGas(100, 30n);
gasRow("claim_gas_batch1", batch1, "one voucher through claimBatch (steady state)");
gasRow("claim_marginal_gas_batch10", (batch10 - batch1) / 9, "Raiden bulkClaim ~11.7k per extra IOU", 15_000);
gasRow("claim_marginal_gas_batch100", (batch100 - batch1) / 99, "Raiden bulkClaim ~11.7k per extra IOU", 15_000);
gasRow("claim_marginal_first_gas_batch100", (fresh100 - fresh10) / 90, "first claims of new pairs (zero-to-nonzero slot)");
void fresh1;

// ---- withdrawals
gasRow("withdraw_plan_gas", await gasOf(await planWithdrawal(alice.wallet, { pool, amount: 10n ** 20n })), "Raiden planWithdraw");
await networkHelpers.time.increase(DELAY);
gasRow("withdraw_gas", await gasOf(await completeWithdrawal(alice.wallet, { pool })), "Raiden withdraw");

// ---- off-chain verification on one core
const vouchers = await Promise.all(Array.from({ length: 600 }, (_, i) => voucher(alice.account, BigInt(i + 1))));
const verifier = createVoucherVerifier({ chainId, pool, payee });
verifier.verify(vouchers[0] as SignedVoucher); // caches alice's key
const rate = (count: number, ms: number): number => (count / ms) * 1000;
let t0 = performance.now();
for (const signed of vouchers) verifier.verify(signed);
const cachedRate = rate(vouchers.length, performance.now() - t0);
const strangers = await Promise.all(Array.from({ length: 200 }, async () => voucher(privateKeyToAccount(generatePrivateKey()), 1n)));
t0 = performance.now();
for (const signed of strangers) verifier.verify(signed);
const firstRate = rate(strangers.length, performance.now() - t0);
t0 = performance.now();
for (const signed of vouchers.slice(0, 200)) {
  const recovered: Address = await recoverAddress({ hash: hashTypedData(typedDataOf("Voucher", signed.voucher)), signature: signed.signature });
  if (recovered !== alice.account.address) throw new Error("reference recovery failed");
}
const referenceRate = rate(200, performance.now() - t0);
rows.push({ metric: "voucher_verify_per_s", value: Math.round(cachedRate), unit: "1/s", target: 500, better: "higher", reference: "known payer (cached key), one core, pure JS" });
rows.push({ metric: "voucher_verify_first_per_s", value: Math.round(firstRate), unit: "1/s", better: "higher", reference: "first voucher of a payer (key recovery)" });
rows.push({ metric: "voucher_verify_viem_per_s", value: Math.round(referenceRate), unit: "1/s", better: "higher", reference: "viem hashTypedData + recoverAddress, same run" });
rows.push({ metric: "voucher_verify_ratio_vs_viem", value: cachedRate / referenceRate, unit: "ratio", better: "higher", reference: "voucher_verify_per_s / voucher_verify_viem_per_s" });

await report("payments", rows);
