import type { Address } from 'viem';
import { TID } from '../src/popup/testids';
import { expect, test } from './fixtures';
import { FundsPage, NetworkCard } from './pages/FundsPage';
import { saveScreen } from './pages/screens';
import { VendorsPage } from './pages/VendorsPage';
import { settledRecords } from './support/assertions';
import { createWallet, nextApproval, pageFetch } from './support/flows';
import { VendorChain } from './support/vendor-chain';
import { callWorker } from './support/worker-calls';

test.use({ onChain: true });

const TOKENS = 100_000_000n; // 100 tUSD
const THAW_SECONDS = 900; // the mock vendor's local chain

test('on chain: fund, deposit from the popup, subscribe while approving, pay, the vendor redeems exactly the spent vouchers, withdraw after the thaw', async ({
  context,
  openPopup,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  test.setTimeout(180_000);
  const chain = new VendorChain(vendorInfo);
  const vendorAddress = vendorInfo.vendor as Address;
  const address = await createWallet(walletPage);
  await chain.fund(address, TOKENS);

  // Network settings: the vendor's chain has the default's chain id and addresses, on its own port.
  const popup = await openPopup();
  const network = await new NetworkCard(popup).open();
  // A wrong chain id is refused by the chain itself and nothing is saved.
  await network.editRpcUrl(chain.rpcUrl);
  await network.card.getByTestId(TID.networkChainId).fill('1');
  await network.save();
  await expect(network.card.getByTestId(TID.formError)).toHaveText('The RPC URL serves another chain than the chain id entered.');
  await network.card.getByTestId(TID.networkChainId).fill(String(vendorInfo.chain!.chainId));
  await network.card.scrollIntoViewIfNeeded();
  await saveScreen(popup, 'network-edit');
  await network.save();
  await expect(network.card.getByTestId(TID.networkAsset)).toHaveText('tUSD, 6 decimals (read from the token)');
  await expect(network.card.getByTestId(TID.networkRpc)).toHaveText(chain.rpcUrl);
  await saveScreen(popup, 'network');

  // Deposit 60 tUSD: the token approval, then the deposit, each tracked until mined.
  const funds = await new FundsPage(popup).open();
  await expect(funds.tokenBalance).toHaveText('100 tUSD');
  await funds.deposit('60');
  await expect(funds.tx('approve', 'mined')).toHaveCount(1);
  await expect(funds.tx('deposit', 'mined')).toHaveCount(1);
  await expect(funds.collateral).toHaveText('60 tUSD');
  await expect(funds.tokenBalance).toHaveText('40 tUSD');
  expect(await chain.collateral(address)).toBe(60_000_000n);
  await saveScreen(popup, 'funds');

  // A paid request: the approval window offers the subscription the vendor requires.
  const demo = await context.newPage();
  await demo.goto(vendorInfo.url);
  const first = pageFetch(demo, '/api/data?bytes=400000');
  const approval = await nextApproval(context);
  await approval.page.setViewportSize({ width: 360, height: 900 });
  const offer = approval.page.getByTestId(TID.subscribeOffer);
  await expect(offer).toHaveAttribute('data-state', 'not-subscribed');
  // 60 tUSD over 1 subscription plus the default margin of 5: 10 tUSD per vendor.
  await expect(offer).toContainText('about 10 tUSD of credit per vendor');
  await saveScreen(approval.page, 'approval-subscribe');
  await approval.page.getByTestId(TID.subscribeOfferSubmit).click();
  await expect(offer).toHaveAttribute('data-state', 'subscribed');
  await approval.approve({ budget: '5', voucher: '0.01' });
  const firstResponse = await first;
  expect(firstResponse.status, firstResponse.body).toBe(200);

  for (let i = 0; i < 5; i++) {
    const response = await pageFetch(demo, '/api/data?bytes=400000');
    expect(response.status, response.body).toBe(200);
  }
  // The receipts as the worker observed them (pages never see them).
  const charged = (await settledRecords(walletPage, 6)).reduce((sum, record) => sum + (record.payment?.cost ?? 0n), 0n);
  expect((await vendor.charged(address)).charged).toBe(charged);

  // The redeemer claims every spent voucher in full (the partly charged one waits until spent).
  const held = await vendor.client(address);
  const spent = held.vouchers.filter((voucher) => voucher.spent);
  expect(spent.length).toBeGreaterThanOrEqual(2);
  const spentAtoms = spent.reduce((sum, voucher) => sum + voucher.atoms, 0n);
  // What the vendor charged is the spent vouchers plus what it charged on the first unspent one.
  expect(charged).toBe(spentAtoms + held.unmarked);
  await expect
    .poll(async () => (await vendor.admin<{ redeemed: string; pending: string }>('/admin')).redeemed, { timeout: 30_000 })
    .toBe(spentAtoms.toString());
  expect(await chain.tokenBalance(vendorAddress)).toBe(spentAtoms);
  expect(await chain.redeemedTotal(address, vendorAddress)).toBe(spentAtoms);

  // The popup's vendor card: what it signed, what receipts charged, what it redeemed on chain.
  const vendors = await new VendorsPage(popup).open();
  const card = vendors.card(vendorAddress);
  await expect(card.getByTestId(TID.vendorRedeemed)).toHaveAttribute('data-atoms', spentAtoms.toString());
  await expect(card.getByTestId(TID.vendorRedeemed)).toHaveText(`${Number(spentAtoms) / 1e6} tUSD`);
  await expect(card.getByTestId(TID.vendorCharged)).toHaveAttribute('data-atoms', charged.toString());
  // Signed: every voucher the vendor holds, and possibly one signed ahead that it has not been sent yet.
  const [summary] = await callWorker(walletPage, 'vendors.list', {});
  const heldAtoms = held.vouchers.reduce((sum, voucher) => sum + voucher.atoms, 0n);
  expect(summary!.spentAtoms).toBeGreaterThanOrEqual(heldAtoms);
  await expect(card.getByTestId(TID.vendorSigned)).toHaveAttribute('data-atoms', summary!.spentAtoms.toString());
  await saveScreen(popup, 'vendors-redeemed');

  // Request a withdrawal, let it thaw (anvil's clock), withdraw: the tokens are back in the wallet.
  await funds.open();
  await expect(funds.subscriptions).toHaveCount(1);
  const collateralNow = await chain.collateral(address);
  expect(collateralNow).toBe(60_000_000n - spentAtoms);
  await funds.requestWithdrawal('20');
  await expect(funds.tx('requestWithdrawal', 'mined')).toHaveCount(1);
  await expect(funds.thawing).toHaveText('20 tUSD');
  await expect(funds.thawLeft).toHaveText('20 tUSD can be withdrawn in 15 min.');
  await expect(popup.getByTestId(TID.withdrawSubmit)).toBeDisabled();
  await saveScreen(popup, 'funds-thawing');
  await chain.increaseTime(THAW_SECONDS);
  await funds.refresh();
  await expect(funds.thawLeft).toContainText('can be withdrawn now');
  await funds.withdraw();
  await expect(funds.tx('withdraw', 'mined')).toHaveCount(1);
  await expect(funds.thawing).toHaveText('0 tUSD');
  await expect(funds.tokenBalance).toHaveText('60 tUSD');
  expect(await chain.tokenBalance(address)).toBe(60_000_000n);
  expect(await chain.collateral(address)).toBe(collateralNow - 20_000_000n);
  await saveScreen(popup, 'funds-withdrawn');

  // Unsubscribing keeps the subscription counting through the notice period.
  await funds.subscriptions.getByTestId(TID.unsubscribe).click();
  await expect(funds.tx('unsubscribe', 'mined')).toHaveCount(1);
  await expect(funds.subscriptions).toContainText('Ending: counts for 10 min more');
  await funds.subscriptions.scrollIntoViewIfNeeded();
  await saveScreen(popup, 'funds-subscriptions');
  await funds.txRows.last().scrollIntoViewIfNeeded();
  await saveScreen(popup, 'funds-transactions');
});
