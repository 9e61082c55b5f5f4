import type { PageRequestType } from '../../../messaging/page-api';
import type { PageHandler } from '../../handler';
import { pageHello } from './page-hello';
import { pagePaymentRequired } from './page-payment-required';
import { pageRecords } from './page-records';

export const pageHandlers: { [T in PageRequestType]: PageHandler<T> } = {
  'page.hello': pageHello,
  'page.paymentRequired': pagePaymentRequired,
  'page.records': pageRecords,
};
