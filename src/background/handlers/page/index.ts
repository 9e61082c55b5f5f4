import type { PageRequestType } from '../../../messaging/page-api';
import type { PageHandler } from '../../handler';
import { pageHello } from './page-hello';
import { pagePaymentRequired } from './page-payment-required';
import { pageSettle } from './page-settle';
import { pageStreamReceipt } from './page-stream-receipt';

export const pageHandlers: { [T in PageRequestType]: PageHandler<T> } = {
  'page.hello': pageHello,
  'page.paymentRequired': pagePaymentRequired,
  'page.settle': pageSettle,
  'page.streamReceipt': pageStreamReceipt,
};
