import { ZodError } from 'zod';
import { PayerError } from '../payer/errors';
import type { WalletErrorCode } from '../messaging/error-codes';
import type { Reply } from '../messaging/reply';
import { fromWire, toWire } from '../lib/bigint-wire';
import type { PageContext, PageHandler, PopupHandler } from './handler';
import { WalletError, walletErrorCodeOf } from './errors';
import type { Services } from './services';

/** The sender fields the router reads (a subset of runtime.MessageSender in both browsers). */
export interface SenderRecord {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

export type SenderKind = { kind: 'extension' } | ({ kind: 'page' } & PageContext) | { kind: 'refused' };

export interface Routes {
  popup: Record<string, PopupHandler<never>>;
  page: Record<string, PageHandler<never>>;
}

/**
 * Who is asking, from the browser's record only. Extension pages (popup, approval window) are
 * ours by id and URL; content scripts are ours by id and run in a tab on an http(s) page, whose
 * origin is the one the payment is for. Anything else is refused.
 */
export function classifySender(sender: SenderRecord, extensionId: string, extensionBase: string): SenderKind {
  if (sender.id !== extensionId || typeof sender.url !== 'string') return { kind: 'refused' };
  if (sender.url.startsWith(extensionBase)) return { kind: 'extension' };
  if (sender.tab?.id === undefined) return { kind: 'refused' };
  let origin: string;
  try {
    const url = new URL(sender.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'refused' };
    origin = sender.origin ?? url.origin;
  } catch {
    return { kind: 'refused' };
  }
  // Opaque origins ("null": sandboxed frames, data: URLs) cannot own an approval.
  if (!/^https?:\/\//.test(origin)) return { kind: 'refused' };
  return { kind: 'page', origin, tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
}

/** Routes one wire message to its handler and returns the wire reply. Never throws. */
export async function route(
  wire: unknown,
  sender: SenderRecord,
  services: Services,
  routes: Routes,
  extensionId: string,
): Promise<unknown> {
  return toWire(await dispatch(fromWire(wire), sender, services, routes, extensionId));
}

async function dispatch(
  message: unknown,
  sender: SenderRecord,
  services: Services,
  routes: Routes,
  extensionId: string,
): Promise<Reply<unknown>> {
  const who = classifySender(sender, extensionId, services.platform.getURL(''));
  if (who.kind === 'refused') return refusal('forbidden_sender', 'this sender may not talk to the wallet');
  if (typeof message !== 'object' || message === null) return refusal('bad_input', 'not a wallet message');
  const { channel, type, input } = message as { channel?: unknown; type?: unknown; input?: unknown };
  const expected = who.kind === 'extension' ? 'popup' : 'page';
  if (channel !== expected) return refusal('forbidden_sender', `this sender may not use the ${String(channel)} channel`);
  if (typeof type !== 'string') return refusal('unknown_type', 'missing request type');
  try {
    // The idle deadline may have passed while the worker slept: enforce it before anything else.
    await services.autoLock.enforce();
    if (who.kind === 'extension') {
      const handler = Object.hasOwn(routes.popup, type) ? routes.popup[type] : undefined;
      if (!handler) return refusal('unknown_type', `unknown request ${type}`);
      const value = await handler.run(handler.input.parse(input) as never, services);
      if (!handler.readOnly) await services.autoLock.touch();
      return { ok: true, value };
    }
    const handler = Object.hasOwn(routes.page, type) ? routes.page[type] : undefined;
    if (!handler) return refusal('unknown_type', `unknown request ${type}`);
    const { origin, tabId, frameId } = who;
    return { ok: true, value: await handler.run(handler.input.parse(input) as never, { origin, tabId, frameId }, services) };
  } catch (error) {
    return replyForError(error);
  }
}

export function replyForError(error: unknown): Reply<never> {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return refusal('bad_input', issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'bad input');
  }
  if (error instanceof WalletError) return refusal(error.code, error.message);
  if (error instanceof PayerError) {
    const code = walletErrorCodeOf(error);
    if (code !== 'internal') return refusal(code, error.message);
  }
  console.error('voucher wallet: unexpected failure', error);
  return refusal('internal', 'the wallet failed; see the worker console');
}

function refusal(code: WalletErrorCode, message: string): Reply<never> {
  return { ok: false, code, message };
}
