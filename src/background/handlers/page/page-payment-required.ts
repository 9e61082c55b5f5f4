import { z } from 'zod';
import { parseRequirements, ProtocolParseError } from '../../../protocol';
import { vendorKeyFromRequirements, vendorKeyId } from '../../../payer/vendor-key';
import { requestApproval } from '../../approvals/request-approval';
import type { WalletErrorCode } from '../../../messaging/error-codes';
import { WalletError, walletErrorCodeOf } from '../../errors';
import type { PageHandler } from '../../handler';
import { inviteUser, type AttentionReason } from '../../notices';
import { issuerForPage } from '../../policy/issuer';
import { clientTxRef, httpUrl } from '../schemas';
import { failRecord, quietly, startRecord } from './recording';
import { recordRequestSchema } from './record-schemas';
import { forgetTerms } from './vendor-terms';

/**
 * A vendor answered a page's request with this protocol's 402. The pipeline: not paused →
 * a wallet exists (`no_wallet`) and is unlocked (`wallet_locked`) → an asset the wallet knows for
 * the vendor's chain and contract → vendor approved for this page (else ask the user once, or
 * refuse a remembered rejection) → the issuer resends or signs within budget, receipts and the
 * approved prices (a raise asks the user again) → the header goes back for one retry.
 * The page polls again with the same input while an approval is pending, so no message is held
 * open across a worker kill.
 */
export const pagePaymentRequired: PageHandler<'page.paymentRequired'> = {
  input: z.strictObject({
    url: httpUrl,
    status: z.literal(402),
    body: z.string().max(16_384),
    sentNewestNonce: z.bigint().min(0n).nullable(),
    clientTxRef,
    durationMs: z.number().min(0).max(86_400_000).optional(),
    request: recordRequestSchema.optional(),
  }),
  async run(input, context, services) {
    const vendorOrigin = new URL(input.url).origin;
    const refuse = async (code: WalletErrorCode, message: string): Promise<never> => {
      await quietly(() => failRecord(services, context.origin, input.clientTxRef, code, message));
      throw new WalletError(code, message);
    };
    // The 402 is this protocol's: it is recorded whether or not it gets paid.
    if (input.request && input.request.url === input.url) {
      const request = input.request;
      const response = { status: 402, durationMs: input.durationMs ?? 0, stream: false };
      await quietly(() => startRecord(services, context.origin, input.clientTxRef, request, response));
    }
    let requirements;
    try {
      requirements = parseRequirements(input.body);
    } catch (error) {
      if (error instanceof ProtocolParseError) return refuse('malformed_requirements', error.message);
      throw error;
    }
    if ((await services.settings.get()).paused) return refuse('paused', 'payments are paused');
    const address = await services.vault.address();
    const unusable: AttentionReason | undefined = !address ? 'no_wallet' : (await services.vault.state()) !== 'unlocked' ? 'wallet_locked' : undefined;
    if (!address || unusable) {
      const reason = unusable ?? 'no_wallet';
      // The page still gets its 402; the user is invited (badge, one notification) to fix it.
      await quietly(() => inviteUser(services, reason));
      return refuse(reason, reason === 'no_wallet' ? 'there is no wallet yet' : 'the wallet is locked');
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
    if (decision === 'unknown') {
      let awaitingApproval: string | null;
      try {
        awaitingApproval = await requestApproval(services, key, requirements, vendorOrigin, context.origin, asset);
      } catch (error) {
        if (error instanceof WalletError) return refuse(error.code, error.message);
        throw error;
      }
      if (awaitingApproval !== null) return { awaitingApproval };
      // Decided while we asked: act on the decision now.
      decision = await services.approvals.decision(vendorKeyId(key), vendorOrigin, context.origin);
    }
    if (decision === 'rejected') return refuse('vendor_rejected', 'the user declined this vendor for this page');
    const issuer = await issuerForPage(services, context.origin, vendorOrigin);
    const paid = await issuer.onPaymentRequired(requirements, { sentNewestNonce: input.sentNewestNonce, origin: context.origin });
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
        if (awaiting !== null) return { awaitingApproval: awaiting };
      }
    }
    if (!paid.ok) return refuse(walletErrorCodeOf(paid.error), paid.error.message);
    await quietly(() =>
      services.transactions.update(input.clientTxRef, { channelId: key.vendor }).catch(() => undefined),
    );
    return { paid: { vendorOrigin, header: paid.header, newestNonce: paid.newestNonce } };
  },
};
