import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createHttpClient } from 'voucher-wallet/payer';

// The client's key signs its vouchers; keep it (and its collateral on chain) between runs.
const signer = privateKeyToAccount(process.env.CLIENT_KEY ?? generatePrivateKey());
const http = await createHttpClient({ baseUrl: process.env.VENDOR_URL ?? 'http://127.0.0.1:3000', signer });
// The first request meets the 402, signs a voucher and retries; later ones carry it.
const { data, payment, response } = await http.requestAndWaitForPayment('GET', '/api/echo?q=hello');
console.log(JSON.stringify({ status: response.status, data, cost: String(payment?.cost) }));
