import {
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  parseEventLogs,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import type { MinedVoucher, VoucherKey } from './redemption-store';
import type { ClientClaims } from './voucher-claims';

/** A voucher the contract refuses, found by simulating the batch. */
export interface RefusedVoucher extends VoucherKey {
  reason: 'InvalidVoucherSignature' | 'ClaimAboveVoucher';
}

export interface SignedRedemption {
  txHash: Hex;
  rawTransaction: Hex;
  accountNonce: bigint;
}

export type RedemptionOutcome =
  | { status: 'mined'; paid: MinedVoucher[] }
  /** Mined but reverted: nothing was redeemed. */
  | { status: 'reverted' };

/** What the redeemer needs of the chain; contractRedemptionChain is the viem implementation. */
export interface RedemptionChain {
  /** Simulates redeem(batch): the first voucher the contract refuses, or null when it would succeed. */
  refusal(batch: ClientClaims[]): Promise<RefusedVoucher | null>;
  /** Signs redeem(batch) without sending it. */
  sign(batch: ClientClaims[]): Promise<SignedRedemption>;
  /** Sends a signed transaction; sending one the node already has is not an error. */
  broadcast(rawTransaction: Hex): Promise<void>;
  /** The transaction's outcome, waiting up to timeoutMs (0: not at all) for it to be mined; null if it is not mined by then. */
  outcome(txHash: Hex, timeoutMs: number): Promise<RedemptionOutcome | null>;
  /** How many transactions of the vendor's account are mined: a submission with a lower nonce and no receipt was replaced. */
  minedTransactionCount(): Promise<bigint>;
}

const REFUSALS = new Set(['InvalidVoucherSignature', 'ClaimAboveVoucher']);
/** Answers of nodes (geth, anvil, reth) to a transaction they hold or have mined already. */
const ALREADY_SENT = /already known|known transaction|nonce too low|already imported/i;

export function contractRedemptionChain(
  wallet: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient<Transport, Chain>,
  contract: Address,
): RedemptionChain {
  const vendor = wallet.account.address;
  return {
    async refusal(batch) {
      try {
        await publicClient.simulateContract({ account: wallet.account, address: contract, abi: voucherCollateralAbi, functionName: 'redeem', args: [batch] });
        return null;
      } catch (error) {
        const reverted = error instanceof BaseError ? error.walk((each) => each instanceof ContractFunctionRevertedError) : null;
        if (reverted instanceof ContractFunctionRevertedError && reverted.data && REFUSALS.has(reverted.data.errorName)) {
          const [client, nonce] = reverted.data.args as readonly [Address, bigint];
          return { client, nonce, reason: reverted.data.errorName as RefusedVoucher['reason'] };
        }
        throw error;
      }
    },
    async sign(batch) {
      const request = await wallet.prepareTransactionRequest({
        account: wallet.account,
        chain: wallet.chain,
        to: contract,
        data: encodeFunctionData({ abi: voucherCollateralAbi, functionName: 'redeem', args: [batch] }),
      });
      const rawTransaction = await wallet.signTransaction(request as never);
      return { txHash: keccak256(rawTransaction), rawTransaction, accountNonce: BigInt(request.nonce) };
    },
    async broadcast(rawTransaction) {
      try {
        await wallet.sendRawTransaction({ serializedTransaction: rawTransaction });
      } catch (error) {
        if (!ALREADY_SENT.test(String(error))) throw error;
      }
    },
    async outcome(txHash, timeoutMs) {
      let receipt;
      try {
        // viem's wait treats a timeout of 0 as none at all, so "now" is a plain lookup.
        receipt =
          timeoutMs <= 0
            ? await publicClient.getTransactionReceipt({ hash: txHash })
            : await publicClient.waitForTransactionReceipt({ hash: txHash, timeout: timeoutMs });
      } catch (error) {
        if (error instanceof WaitForTransactionReceiptTimeoutError || error instanceof TransactionReceiptNotFoundError) return null;
        throw error;
      }
      if (receipt.status !== 'success') return { status: 'reverted' };
      const paid = parseEventLogs({ abi: voucherCollateralAbi, eventName: 'VoucherRedeemed', logs: receipt.logs })
        .filter((log) => log.address.toLowerCase() === contract.toLowerCase() && log.args.vendor === vendor)
        .map((log) => ({ client: log.args.client, nonce: log.args.nonce, paid: log.args.paid }));
      return { status: 'mined', paid };
    },
    minedTransactionCount: async () => BigInt(await publicClient.getTransactionCount({ address: vendor, blockTag: 'latest' })),
  };
}
