// MAIN world, document_start. Imports viem-free modules only (bundle budget: 5 KB gzip, no viem).
import { createPayingFetch } from '../payer/paying-fetch';
import { createBridgeIssuer } from './bridge-issuer';
import { createBridgeRecorder } from './bridge-recorder';
import { connectPagePort } from './page-port';

const bridge = connectPagePort(window);
const issuer = createBridgeIssuer(bridge);
const recorder = createBridgeRecorder(bridge, { onVendorHeaders: issuer.remember });
window.fetch = createPayingFetch({ fetch: window.fetch.bind(window), issuer, recorder });
window.addEventListener('pagehide', recorder.flushNow);
