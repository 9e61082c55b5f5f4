import { pathToFileURL } from 'node:url';
import { MemoryClientStore } from '../src/engine/memory/client-store';
import { signVoucher, type SignedVoucher } from '../src/protocol';
import { testTokenAbi } from '../src/chain/artifacts/TestToken';
import { voucherCollateralAbi } from '../src/chain/artifacts/VoucherCollateral';
import { MemoryRedemptionStore } from '../src/chain/memory-redemption-store';
import { contractRedemptionChain } from '../src/chain/redemption-chain';
import { Redeemer } from '../src/chain/redeemer';
import { startTestChain, type TestChain } from '../src/chain/test-chain';
import { redemptionBatch } from '../src/chain/voucher-claims';
import { printRows, rate, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * On-chain settlement on a local anvil: gas per voucher when a vendor redeems batches of 1, 10
 * and 100 vouchers (VoucherCollateral.redeem, transaction base cost included), against one ERC-20
 * transfer per request as per-request payment schemes settle; and vouchers per second through the
 * Redeemer (memory store, batches of 100, anvil mining at once). Gas is deterministic; each figure
 * is the median over RUNS batches of fresh vouchers of clients that have been redeemed from before.
 */
const RUNS = scaled(5, 2);
const VENDOR = 1;
/** Clients 4 … 13; a batch spreads its vouchers over up to this many. */
const CLIENTS = Array.from({ length: 10 }, (_, i) => 4 + i);
const REDEEMER_VOUCHERS = scaled(2_000, 400);

async function gasPerVoucher(chain: TestChain, batch: number, clients: number[], nonces: Map<number, bigint>): Promise<BenchRow> {
  const vendor = chain.account(VENDOR).address;
  const wallet = chain.wallet(VENDOR);
  const samples: number[] = [];
  // Run 0 warms the (client, vendor) slots; the figures are the steady state after it.
  for (let run = 0; run <= RUNS; run++) {
    const vouchers: SignedVoucher[] = [];
    for (let i = 0; i < batch; i++) {
      const client = clients[i % clients.length]!;
      const nonce = nonces.get(client) ?? 0n;
      nonces.set(client, nonce + 1n);
      vouchers.push(await signVoucher(chain.account(client), chain.domain, { vendor, nonce, atoms: 1_000n }));
    }
    const hash = await wallet.writeContract({
      address: chain.config.contract,
      abi: voucherCollateralAbi,
      functionName: 'redeem',
      args: [redemptionBatch(vouchers.map((voucher) => ({ voucher, claim: voucher.atoms })))],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error('benchmark redemption reverted');
    if (run > 0) samples.push(Number(receipt.gasUsed) / batch);
  }
  const spread = clients.length === 1 ? 'one client' : `${clients.length} clients`;
  return row(`redeem a batch of ${batch} voucher${batch === 1 ? '' : 's'} (${spread}), gas per voucher`, 'gas', samples);
}

/** One ERC-20 transfer from client to vendor per paid request. */
async function gasPerTransfer(chain: TestChain): Promise<BenchRow> {
  const client = CLIENTS[0]!;
  await chain.mined(await chain.wallet(client).writeContract({ address: chain.config.token, abi: testTokenAbi, functionName: 'mint', args: [chain.account(client).address, 10n ** 12n] }));
  const samples: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const hash = await chain.wallet(client).writeContract({ address: chain.config.token, abi: testTokenAbi, functionName: 'transfer', args: [chain.account(VENDOR).address, 1_000n] });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (run > 0) samples.push(Number(receipt.gasUsed));
  }
  return row('ERC-20 transfer per request (per-request settlement), gas per request', 'gas', samples);
}

/** Each run redeems for a vendor of its own, so the engine's store holds nonces 0, 1, … as a real one does. */
const THROUGHPUT_VENDORS = Array.from({ length: RUNS }, (_, run) => 14 + run);

async function redeemerThroughput(chain: TestChain): Promise<BenchRow> {
  const samples: number[] = [];
  const perClient = REDEEMER_VOUCHERS / CLIENTS.length;
  for (const vendorIndex of THROUGHPUT_VENDORS) {
    const vendor = chain.account(vendorIndex).address;
    const source = new MemoryClientStore();
    for (const client of CLIENTS) {
      const vouchers = await Promise.all(
        Array.from({ length: perClient }, (_, nonce) => signVoucher(chain.account(client), chain.domain, { vendor, nonce: BigInt(nonce), atoms: 1_000n })),
      );
      await source.withClient(chain.account(client).address, async (state) => {
        for (const voucher of vouchers) {
          await state.vouchers.insert(voucher);
          await state.vouchers.markSpent(voucher.nonce);
        }
      });
    }
    const redeemer = new Redeemer({
      source,
      store: new MemoryRedemptionStore(),
      chain: contractRedemptionChain(chain.wallet(vendorIndex), chain.publicClient, chain.config.contract),
      batchSize: 100,
    });
    samples.push(
      await rate(REDEEMER_VOUCHERS, async () => {
        const round = await redeemer.runOnce();
        if (round.redeemed !== REDEEMER_VOUCHERS) throw new Error(`redeemer redeemed ${round.redeemed} of ${REDEEMER_VOUCHERS}`);
      }),
    );
  }
  return row(`redeemer on anvil: ${REDEEMER_VOUCHERS} spent vouchers of ${CLIENTS.length} clients, batches of 100`, 'vouchers/s', samples);
}

export async function benchChain(): Promise<BenchRow[]> {
  const chain = await startTestChain();
  try {
    for (const client of CLIENTS) await chain.deposit(client, 10n ** 15n);
    const nonces = new Map<number, bigint>();
    const rows = [
      await gasPerVoucher(chain, 1, CLIENTS.slice(0, 1), nonces),
      await gasPerVoucher(chain, 10, CLIENTS.slice(0, 1), nonces),
      await gasPerVoucher(chain, 100, CLIENTS.slice(0, 1), nonces),
      await gasPerVoucher(chain, 100, CLIENTS, nonces),
      await gasPerTransfer(chain),
    ];
    rows.push(await redeemerThroughput(chain));
    return rows;
  } finally {
    await chain.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows(await benchChain());
}
