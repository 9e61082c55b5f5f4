// MAIN world, document_start. Imports viem-free modules only (bundle budget: 5 KB gzip, no viem).
// It holds no voucher, address or receipt: the worker attaches headers and reads receipts itself.
import { pagingEventSourceClass } from './page-event-source';
import { createPagePayer } from './page-payer';
import { connectPagePort } from './page-port';
import { pagingXhrClass } from './page-xhr';

const payer = createPagePayer(connectPagePort(window), window.fetch.bind(window));
window.fetch = payer.fetch;
window.XMLHttpRequest = pagingXhrClass(window.XMLHttpRequest, payer);
window.EventSource = pagingEventSourceClass(window.EventSource, payer);
