import { WELCOME_ROUTE } from '../../src/messaging/names';
import { TID } from '../../src/popup/testids';
import { settledRecords } from '../support/assertions';
import { workerSurface } from '../support/attention';
import { pageFetch, PASSWORD } from '../support/flows';
import { callWorker, readRecords } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, fillTestId, openExtensionPage, POPUP_PATH, textNow, waitVisible } from './support/firefox';
import { firstPaidRequest } from './support/flows';
import { confirmPhrase, startCreate, toConfirm } from './support/onboarding';

test.use({ keepWelcome: true });

// e2e/20-first-run.spec.ts on Firefox (its screenshots are Chromium's), up to clicking the
// notification: that step opens the page the click opens instead (see docs/firefox.md).
test('Firefox: first run: install opens onboarding; a paid request before it is a 402 and no_wallet; create with phrase; pay; locked says wallet_locked', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  // The install opened the onboarding in a tab of its own.
  const welcome = firefox.welcome!;
  await waitVisible(welcome, byTestId(TID.onboardingCreate));

  // A paid request before any wallet: the page gets the vendor's 402 and the worker's refusal says
  // no_wallet; the user is invited once (badge + one notification), however many requests follow.
  // No history row: with no wallet no vendor is approved.
  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);
  const before = await pageFetch(demo, '/api/echo?q=before-onboarding');
  expect(before.status).toBe(402);
  expect(JSON.parse(before.body)).toMatchObject({ error: { code: 'payment_required' } });
  expect((await pageFetch(demo, '/api/echo?q=again')).status).toBe(402);
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '!', title: expect.stringMatching(/set up/) });
  expect((await workerSurface(walletPage)).notifications).toEqual(['wallet-attention']);
  expect(await readRecords(walletPage)).toHaveLength(0);

  // Create with the phrase, in the onboarding tab (in front: a background tab's input events wait on its throttled frames).
  await welcome.bringToFront();
  const phrase = await startCreate(welcome, PASSWORD);
  await toConfirm(welcome);
  await confirmPhrase(welcome, phrase);
  await waitVisible(welcome, byTestId(TID.welcomeReady));
  const { address } = await callWorker(walletPage, 'wallet.status', {});
  await expect.poll(() => textNow(welcome, byTestId(TID.welcomeAddress))).toBe(address);
  // The invitation is answered.
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '', notifications: [] });

  // The same page now pays (after one approval).
  const paid = await firstPaidRequest(firefox, demo, '/api/echo?q=after-onboarding');
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

  // The page the notification's click opens (nothing can fire notifications.onClicked here); unlocking there answers the invitation.
  await welcome.close();
  // A window of its own: the newest window is the notification's (see 11).
  const unlockTab = await openExtensionPage(firefox, `${POPUP_PATH}${WELCOME_ROUTE}`, true);
  await expect.poll(() => unlockTab.evaluate(() => document.body.textContent ?? '')).toMatch(/A page asked to pay/);
  await fillTestId(unlockTab, TID.password, PASSWORD);
  await clickTestId(unlockTab, TID.unlock);
  await waitVisible(unlockTab, byTestId(TID.welcomeReady));
  await expect.poll(() => workerSurface(walletPage)).toMatchObject({ badge: '', notifications: [] });
  expect((await pageFetch(demo, '/api/echo?q=unlocked')).status).toBe(200);
});
