import { expect, test } from './fixtures';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { UnlockPage } from './pages/UnlockPage';
import { clickInvitation, welcomeTab, workerSurface } from './support/attention';
import { firstPaidRequest, pageFetch, PASSWORD } from './support/flows';
import { settledRecords } from './support/assertions';
import { callWorker, readRecords } from './support/worker-calls';
import { TID } from '../src/popup/testids';

test('first run: install opens onboarding; a paid request before it is a 402 and no_wallet; create with phrase; pay; locked says wallet_locked', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  // The install opened the onboarding in a tab of its own.
  const welcome = await welcomeTab(context);
  const onboarding = new OnboardingPage(welcome);
  await expect(onboarding.createButton).toBeVisible();
  await saveScreen(welcome, 'welcome-onboarding-tab');

  // A paid request before any wallet: the page gets the vendor's 402 and the worker's refusal says
  // no_wallet; the user is invited once (badge + one notification), however many requests follow.
  // No history row: with no wallet no vendor is approved, and a page writes no history for a vendor
  // nobody approved (docs/threat-model.md, finding 8).
  const demo = await context.newPage();
  await demo.goto(vendorInfo.url);
  const before = await pageFetch(demo, '/api/echo?q=before-onboarding');
  expect(before.status).toBe(402);
  expect(JSON.parse(before.body)).toMatchObject({ error: { code: 'payment_required' } });
  expect((await pageFetch(demo, '/api/echo?q=again')).status).toBe(402);
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '!', title: expect.stringMatching(/set up/) });
  expect((await workerSurface(walletPage)).notifications).toEqual(['wallet-attention']);
  expect(await readRecords(walletPage)).toHaveLength(0);

  // Create with the phrase, in the onboarding tab.
  const phrase = await onboarding.startCreate(PASSWORD);
  await saveScreen(welcome, 'welcome-phrase');
  await onboarding.toConfirm();
  await onboarding.confirm(phrase);
  await expect(welcome.getByTestId(TID.welcomeReady)).toBeVisible();
  const { address } = await callWorker(walletPage, 'wallet.status', {});
  await expect(welcome.getByTestId(TID.welcomeAddress)).toHaveText(address!);
  await saveScreen(welcome, 'welcome-ready');
  // The invitation is answered.
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '', notifications: [] });

  // The same page now pays (after one approval).
  const paid = await firstPaidRequest(context, demo, '/api/echo?q=after-onboarding');
  expect(paid.status).toBe(200);
  // The receipt as the worker observed it (pages never see it): voucher 0 of this wallet.
  await expect.poll(async () => (await readRecords(walletPage)).find((record) => record.status === 'paid')?.payment?.nonce).toBe(0n);
  expect((await vendor.charged(address!)).requests).toBe(1);

  // Locked: the record now says wallet_locked, and the user is invited to unlock.
  await callWorker(walletPage, 'wallet.lock', {});
  const locked = await pageFetch(demo, '/api/echo?q=locked');
  expect(locked.status).toBe(402);
  const records = await settledRecords(walletPage, 2);
  expect(records.filter((record) => record.errorCode === 'wallet_locked')).toHaveLength(1);
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '!', title: expect.stringMatching(/unlock/), notifications: ['wallet-attention'] });

  // Clicking the notification opens the unlock in a tab; unlocking answers it.
  await welcome.close();
  await clickInvitation(context);
  const unlockTab = await welcomeTab(context);
  const unlock = new UnlockPage(unlockTab);
  await expect(unlockTab.getByText(/A page asked to pay/)).toBeVisible();
  await saveScreen(unlockTab, 'welcome-unlock');
  await unlock.unlock(PASSWORD);
  await expect(unlockTab.getByTestId(TID.welcomeReady)).toBeVisible();
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '', notifications: [] });
  expect((await pageFetch(demo, '/api/echo?q=unlocked')).status).toBe(200);
});
