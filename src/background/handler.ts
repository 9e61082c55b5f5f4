import type { PopupInput, PopupOutput, PopupRequestType } from '../messaging/popup-api';
import type { PageInput, PageOutput, PageRequestType } from '../messaging/page-api';
import type { Services } from './services';

/** Validates an input at run time: returns the typed value or throws (zod's parse, or a WalletError). */
export interface InputParser<T> {
  parse(input: unknown): T;
}

export interface PopupHandler<T extends PopupRequestType> {
  input: InputParser<PopupInput<T>>;
  /** Read-only requests do not count as activity for the auto-lock. */
  readOnly?: boolean;
  run(input: PopupInput<T>, services: Services): Promise<PopupOutput<T>>;
}

/** Who is asking, from the browser's sender record, stamped once by the router. */
export interface PageContext {
  origin: string;
  tabId: number;
  frameId: number;
}

export interface PageHandler<T extends PageRequestType> {
  input: InputParser<PageInput<T>>;
  run(input: PageInput<T>, context: PageContext, services: Services): Promise<PageOutput<T>>;
}
