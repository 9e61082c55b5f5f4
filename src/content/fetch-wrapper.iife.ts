// MAIN world, document_start. Imports viem-free modules only (bundle budget: 5 KB gzip, no viem).
import { createPayingFetch } from '../payer/paying-fetch';
import { createBridgeIssuer } from './bridge-issuer';
import { createBridgeRecorder } from './bridge-recorder';
import { connectPagePort } from './page-port';

const bridge = connectPagePort(window);
// The issuer waits on the recorder's prompt receipts, the recorder hands the issuer top-ups.
const issuer = createBridgeIssuer(bridge, { promptReceiptsAnswered: (vendorOrigin) => recorder.promptReceiptsAnswered(vendorOrigin) });
const recorder = createBridgeRecorder(bridge, { onVendorHeaders: issuer.remember });
window.fetch = createPayingFetch({ fetch: window.fetch.bind(window), issuer, recorder });
window.addEventListener('pagehide', recorder.flushNow);
