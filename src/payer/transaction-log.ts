import type { TransactionStore } from '../storage/interfaces/TransactionStore';
import type { SanitizeRequest } from '../storage/privacy';
import {
  recordError,
  recordFree,
  recordPaid,
  recordRequest,
  recordResponseHeaders,
  type ErrorUpdate,
  type PaidUpdate,
  type RequestDescription,
  type ResponseHeadersUpdate,
} from './transaction-recorder';

/**
 * The recorder bound to one store, for one client. A failing log write (quota, closed store)
 * never fails the request it describes: the payment already happened, and losing the response
 * over a log entry would be worse. The failure goes to `onError`. A disabled log records nothing.
 */
export class TransactionLog {
  constructor(
    readonly store: TransactionStore,
    private readonly enabled: boolean,
    private readonly sanitize: SanitizeRequest | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  request(description: RequestDescription): Promise<void> {
    const withSanitize = this.sanitize ? { ...description, sanitize: this.sanitize } : description;
    return this.run(() => recordRequest(this.store, withSanitize));
  }

  headers(ref: string, update: ResponseHeadersUpdate): Promise<void> {
    return this.run(() => recordResponseHeaders(this.store, ref, update));
  }

  paid(ref: string, update: PaidUpdate): Promise<void> {
    return this.run(() => recordPaid(this.store, ref, update));
  }

  free(ref: string): Promise<void> {
    return this.run(() => recordFree(this.store, ref));
  }

  error(ref: string, update: ErrorUpdate): Promise<void> {
    return this.run(() => recordError(this.store, ref, update));
  }

  private async run(write: () => Promise<unknown>): Promise<void> {
    if (!this.enabled) return;
    try {
      await write();
    } catch (error) {
      this.onError(error);
    }
  }
}
