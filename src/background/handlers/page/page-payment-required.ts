import { z } from 'zod';
import { parseRequirements, ProtocolParseError, type PaymentRequirements } from '../../../protocol';
import { MAX_REQUIREMENTS_LENGTH } from '../../../protocol/requirements';
import { vendorKeyFromRequirements, vendorKeyId } from '../../../payer/vendor-key';
import type { RecordRequest } from '../../../payer/record-model';
import { retryAfterMs } from '../../../payer/receipt-waiters';
import { requestApproval } from '../../approvals/request-approval';
import type { WalletErrorCode } from '../../../messaging/error-codes';
import { WalletError, walletErrorCodeOf } from '../../errors';
import type { PageContext, PageHandler } from '../../handler';
import type { PageInput, PageOutput } from '../../../messaging/page-api';
import type { Challenge } from '../../interception/challenges';
import { syncRules } from '../../interception/header-rules';
import { countObserved } from '../../interception/observer';
import { identityMismatch } from '../../interception/vendor-discovery';
import { inviteUser } from '../../notices';
import { issuerForPage } from '../../policy/issuer';
import { failRecord, quietly, startRecord } from '../../records/recording';
import { forgetTerms } from '../../records/vendor-terms';
import type { Services } from '../../services';
import { httpUrl } from '../schemas';

/**
 * How long one question waits for the user before the worker answers `awaitingApproval` and the
 * page asks again: below Chrome's 5-minute limit on one event, so the answer always comes.
 */
export const APPROVAL_HOLD_MS = 60_000;

/**
 * A page says one of its requests met this protocol's 402 (or a nonce_conflict 403 marked with
 * x-voucher-required, §5.1). Only an answer the browser saw this tab's
 * page receive counts, and its vendor is the origin the browser saw answer (never the page's
 * `url`, which only picks among this page's recent 402s). The 402 body must describe that vendor
 * as the vendor's own discovery document does. Then: a wallet exists (`no_wallet`; else the
 * user is invited: badge, one notification) → an asset the wallet knows → not paused → unlocked → vendor approved for
 * this page (else ask the user, one window per page at a time, and hold the question until
 * decided, or refuse a remembered rejection) → the issuer resends, signs within budget and the
 * approved prices (a raise asks again), waits out a Retry-After, or adopts held vouchers → the
 * header rule is installed → `retry`. The page sends its request once more; the rule attaches
 * the voucher, which the page never sees.
 */
export const pagePaymentRequired: PageHandler<'page.paymentRequired'> = {
  input: z.strictObject({ url: httpUrl, body: z.string().max(MAX_REQUIREMENTS_LENGTH).nullable() }),
  run: (input, context, services) => answer(input, context, services, true),
};

async function answer(
  input: PageInput<'page.paymentRequired'>,
  context: PageContext,
  services: Services,
  /** A price re-approval decided while held may be answered once more (the decision is new). */
  mayAskAgain: boolean,
): Promise<PageOutput<'page.paymentRequired'>> {
  const challenge = await services.challenges.find(context.tabId, context.origin, input.url);
  if (!challenge) throw new WalletError('payment_not_observed', 'the browser saw no 402 of this protocol answer this page');
  const vendorOrigin = new URL(challenge.url).origin;
  let known = false;
  const refuse = async (code: WalletErrorCode, message: string): Promise<never> => {
    // Only a vendor the user has decided about for this page enters its log: a page cannot
    // write history with 402s of vendors nobody approved.
    if (known) await quietly(() => recordRefusal(services, context, challenge, code, message));
    throw new WalletError(code, message);
  };
  const requirements = await requirementsOf(services, challenge, input.body, refuse);
  const mismatch = await identityMismatch(services, vendorOrigin, requirements);
  if (mismatch) return refuse('requirements_mismatch', mismatch);
  const address = await services.vault.address();
  // No wallet, or a locked one: the page still gets its 402; the user is invited (badge, one
  // notification) to set up or unlock.
  if (!address) {
    await quietly(() => inviteUser(services, 'no_wallet'));
    return refuse('no_wallet', 'there is no wallet yet');
  }
  const key = vendorKeyFromRequirements(address, requirements);
  const asset = await services.assets.assetFor(requirements);
  if (!asset) {
    // Refused at once; the user is told once per page (a window that can only be closed, which
    // declines the vendor there, undone under Vendors).
    if ((await services.approvals.decision(vendorKeyId(key), vendorOrigin, context.origin)) === 'unknown') {
      await requestApproval(services, key, requirements, vendorOrigin, context.origin, null).catch((error: unknown) => {
        if (!(error instanceof WalletError)) throw error;
      });
    }
    return refuse(
      'unknown_asset',
      `the vendor names chain ${requirements.chainId} and contract ${requirements.verifyingContract}, which the wallet has no asset for`,
    );
  }
  let decision = await services.approvals.decision(vendorKeyId(key), vendorOrigin, context.origin);
  known = decision !== 'unknown';
  if ((await services.settings.get()).paused) return refuse('paused', 'payments are paused');
  if ((await services.vault.state()) !== 'unlocked') {
    await quietly(() => inviteUser(services, 'wallet_locked'));
    return refuse('wallet_locked', 'the wallet is locked');
  }
  if (decision === 'unknown') {
    let awaitingApproval: string | null;
    try {
      awaitingApproval = await requestApproval(services, key, requirements, vendorOrigin, context.origin, asset);
    } catch (error) {
      if (error instanceof WalletError) return refuse(error.code, error.message);
      throw error;
    }
    if (awaitingApproval !== null) {
      const id = awaitingApproval;
      const decided = await services.decisions.wait(id, APPROVAL_HOLD_MS, async () => (await services.pending.get(id)) !== undefined);
      if (!decided) return { awaitingApproval: id };
    }
    decision = await services.approvals.decision(vendorKeyId(key), vendorOrigin, context.origin);
    known = decision !== 'unknown';
  }
  if (decision === 'rejected') return refuse('vendor_rejected', 'the user declined this vendor for this page');
  if (decision === 'unknown') return refuse('vendor_not_allowed', 'the vendor is not approved for this page');
  if (await services.tabPages.register(context.tabId, context.frameId, context.origin)) await syncRules(services);
  // Receipts the browser showed moments ago may still wait in the observer's batch window: count
  // them first, or the signing bound would take the credit they used for unused (vouchers_unused).
  await countObserved(services);
  const issuer = await issuerForPage(services, context.origin, vendorOrigin);
  const waitMs = retryAfterMs(challenge.retryAfter);
  const paid = await issuer.onPaymentRequired(requirements, {
    sentNewestNonce: challenge.sentNewestNonce,
    origin: context.origin,
    ...(waitMs !== undefined ? { retryAfterMs: waitMs } : {}),
  });
  // The 402 may have brought new prices: receipts are checked against them from now on.
  forgetTerms(services.voucherState, vendorKeyId(key));
  if (!paid.ok && paid.error.code === 'prices_raised') {
    // Prices are part of the approval: ask again, showing the approved ones against the new.
    const hold = (await services.voucherState.get(key))?.hold;
    if (hold?.reason === 'prices_raised') {
      const reason = { kind: 'prices_raised', approved: hold.approved } as const;
      let awaiting: string | null;
      try {
        awaiting = await requestApproval(services, key, { ...requirements, prices: hold.offered }, vendorOrigin, context.origin, asset, reason);
      } catch (error) {
        if (error instanceof WalletError) return refuse(error.code, error.message);
        throw error;
      }
      if (awaiting !== null) {
        // Held like a first approval (no polling); once decided, answered from the decision.
        const id = awaiting;
        const decided = await services.decisions.wait(id, APPROVAL_HOLD_MS, async () => (await services.pending.get(id)) !== undefined);
        if (!decided || !mayAskAgain) return { awaitingApproval: id };
        return answer(input, context, services, false);
      }
    }
  }
  if (!paid.ok) return refuse(walletErrorCodeOf(paid.error), paid.error.message);
  await syncRules(services);
  // After a Retry-After wait the retry goes with the vouchers held; if credit still falls short,
  // its 402 is answered once more (§7.1), as the shared paying fetch does.
  return waitMs !== undefined ? { retry: true, again: true } : { retry: true };
}

/** The payment requirements: the page's copy of the 402 body, or (EventSource) the worker's own GET of the observed URL. */
async function requirementsOf(
  services: Services,
  challenge: Challenge,
  body: string | null,
  refuse: (code: WalletErrorCode, message: string) => Promise<never>,
): Promise<PaymentRequirements> {
  let text = body;
  if (text === null) {
    if (challenge.method !== 'GET') return refuse('malformed_requirements', 'no 402 body for a request the worker cannot repeat');
    const response = await services.platform.fetch(challenge.url, { credentials: 'omit', cache: 'no-store', headers: { accept: 'text/event-stream' } }).catch(() => null);
    if (response?.status !== 402) return refuse('malformed_requirements', 'the vendor did not answer the worker with a 402');
    text = await response.text();
  }
  try {
    return parseRequirements(text);
  } catch (error) {
    if (error instanceof ProtocolParseError) return refuse('malformed_requirements', error.message);
    throw error;
  }
}

/** The record of a 402 the wallet did not pay, built from what the browser observed. */
async function recordRefusal(services: Services, context: PageContext, challenge: Challenge, code: string, message: string): Promise<void> {
  const request: RecordRequest = { at: challenge.at, method: challenge.method, url: challenge.url, headersSummary: {}, stream: false, protocol: 'http' };
  await startRecord(services, context.origin, challenge.ref, request, { status: challenge.status, durationMs: 0, stream: false });
  await failRecord(services, context.origin, challenge.ref, code, message);
}
