import { privateKeyToAccount } from 'viem/accounts';
import { toWire, fromWire } from '../../lib/bigint-wire';
import type { PopupInput, PopupRequestType } from '../../messaging/popup-api';
import type { PageInput, PageRequestType } from '../../messaging/page-api';
import { LOCAL_DEPLOYMENT } from '../../chain/local-deployment';
import { encodeRequirements, type PaymentRequirements } from '../../protocol';
import { MemoryVoucherStateStore } from '../../payer/voucher-state/memory';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import { MemoryTransactionStore } from '../../storage/memory/transaction.memory';
import type { Reply } from '../../messaging/reply';
import { pageHandlers } from '../handlers/page';
import { popupHandlers } from '../handlers/popup';
import { flushObserved, onRequestSent, onResponseHeaders } from '../interception/observer';
import type { ObservedResponse } from '../platform';
import { route, type Routes, type SenderRecord } from '../router';
import { createServices, type Services } from '../services';
import { fakePlatform, type FakePlatform } from './fake-platform';

export const EXTENSION_ID = 'testextensionid';
export const VENDOR_KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
export const VENDOR = privateKeyToAccount(VENDOR_KEY).address;
export const VENDOR_ORIGIN = 'http://127.0.0.1:8402';
export const PAGE = 'http://127.0.0.1:3000';

export const popupSender: SenderRecord = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/src/popup/index.html` };
export function pageSender(origin = PAGE, tabId = 7): SenderRecord {
  return { id: EXTENSION_ID, url: `${origin}/app`, origin, tab: { id: tabId }, frameId: 0 };
}

export function requirements(overrides: Partial<PaymentRequirements> = {}): PaymentRequirements {
  return {
    version: 1,
    error: { code: 'payment_required', message: 'pay' },
    vendor: VENDOR,
    chainId: 31337n,
    verifyingContract: LOCAL_DEPLOYMENT.contract,
    asset: { symbol: 'USDC', decimals: 6 },
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000n, approxCost: 1_000n },
    nextNonce: 0n,
    suggestedVoucherAtoms: 100_000n,
    ...overrides,
  };
}

export const routes = { popup: popupHandlers, page: pageHandlers } as unknown as Routes;

/** A worker with in-memory stores, driven through the real router over the wire codec. */
export class Harness {
  readonly voucherState = new MemoryVoucherStateStore();
  readonly transactions = new MemoryTransactionStore({ channelName: null });
  readonly lock = new InProcessKeyedLock();
  services: Services;

  private nextRequestId = 1;
  /** The record key of the request observe() reported last. */
  lastRef = '';

  constructor(public platform: FakePlatform = fakePlatform()) {
    // The vendor's discovery document, which the worker checks a 402 body against.
    platform.fetchHandler = (url) =>
      url === `${VENDOR_ORIGIN}/.well-known/voucher-payment`
        ? new Response(discoveryOf(requirements()), { headers: { 'content-type': 'application/json' } })
        : new Response('not found', { status: 404 });
    this.services = this.build(platform);
  }

  private build(platform: FakePlatform): Services {
    return createServices(platform, {
      voucherState: this.voucherState,
      transactions: this.transactions,
      iterations: 1_000,
      lock: this.lock,
      challengeWaitMs: 20,
    });
  }

  /** The worker is killed and woken: storage stays, every in-memory object is new. */
  restartWorker(): void {
    this.platform = this.platform.restart();
    this.services = this.build(this.platform);
  }

  async send(message: unknown, sender: SenderRecord): Promise<Reply<unknown>> {
    return fromWire(await route(toWire(message), sender, this.services, routes, EXTENSION_ID)) as Reply<unknown>;
  }

  popup<T extends PopupRequestType>(type: T, input: PopupInput<T>) {
    return this.send({ channel: 'popup', type, input }, popupSender) as Promise<any>;
  }

  /** Creates a wallet the way the popup does: a new phrase, then its asked words typed back. Unlocked after. */
  async createWallet(password = 'password1'): Promise<{ address: string; phrase: string }> {
    const created = await this.popup('wallet.create', { password });
    if (!created.ok) throw new Error(`wallet.create: ${created.code}`);
    const { address, phrase, confirm } = created.value as { address: string; phrase: string; confirm: number[] };
    const words = phrase.split(' ');
    const confirmed = await this.popup('wallet.confirmPhrase', { address: address as `0x${string}`, words: confirm.map((position) => words[position]!) });
    if (!confirmed.ok) throw new Error(`wallet.confirmPhrase: ${confirmed.code}`);
    return { address: confirmed.value.address, phrase };
  }

  page<T extends PageRequestType>(type: T, input: PageInput<T>, sender = pageSender()) {
    return this.send({ channel: 'page', type, input }, sender) as Promise<any>;
  }

  /**
   * What the browser reports of one request of a page (webRequest): it left (with the voucher our
   * rule attached, if any) and its headers came back. Returns the request's record key.
   */
  async observe(
    response: Partial<ObservedResponse> & { status: number },
    options: { voucher?: string | null; origin?: string; tabId?: number; requestHeaders?: Record<string, string>; tookMs?: number; flush?: boolean } = {},
  ): Promise<string> {
    const requestId = String(this.nextRequestId++);
    const base = {
      requestId,
      tabId: options.tabId ?? 7,
      frameId: 0,
      initiator: options.origin ?? PAGE,
      url: `${VENDOR_ORIGIN}/api/echo`,
      method: 'GET',
      at: this.platform.now(),
    };
    onRequestSent(this.services, { ...base, headers: options.requestHeaders ?? {}, voucher: options.voucher !== undefined ? options.voucher : (this.platform.sessionRules.find((rule) => rule.tabId === base.tabId)?.header ?? null) });
    await onResponseHeaders(this.services, { ...base, at: base.at + (options.tookMs ?? 0), headers: {}, ...response });
    // flush: false leaves it in the observer's batch window, as a receipt seen a few ms ago.
    if (options.flush !== false) await flushObserved(this.services);
    this.lastRef = `wr-${await this.services.interception.sessionTag}-${requestId}`;
    return this.lastRef;
  }

  /** A 402 of this protocol the browser saw, then the page's question about it. */
  async paymentRequired(body = encodeRequirements(requirements()), sender = pageSender(), url = `${VENDOR_ORIGIN}/api/echo`) {
    await this.observe({ status: 402, url, headers: { 'x-voucher-required': 'v1' } }, { origin: sender.origin!, tabId: sender.tab!.id! });
    return this.ask(url, body, sender);
  }

  /** The page's question alone (nothing observed, or observed before). */
  ask(url: string, body: string | null = encodeRequirements(requirements()), sender = pageSender()) {
    return this.page('page.paymentRequired', { url, body }, sender);
  }
}

/** The discovery document of a vendor with these requirements' identity. */
export function discoveryOf(terms: PaymentRequirements): string {
  return JSON.stringify({
    version: 1,
    vendor: terms.vendor,
    chainId: terms.chainId.toString(),
    verifyingContract: terms.verifyingContract,
    asset: terms.asset,
    prices: { atomsPerHour: terms.prices.atomsPerHour.toString(), atomsPerGB: terms.prices.atomsPerGB.toString() },
    suggestedVoucherAtoms: terms.suggestedVoucherAtoms.toString(),
    routes: [],
  });
}
