// MAIN world, document_start. Imports viem-free modules only (bundle budget: 5 KB gzip, no viem).
import { connectPagePort } from './page-port';
import { createPagePayer } from './page-payer';

const payer = createPagePayer(connectPagePort(window), window.fetch.bind(window));
window.fetch = payer.fetch;
window.addEventListener('pagehide', payer.flushNow);
