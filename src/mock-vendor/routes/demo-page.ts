import type { RouteHandler } from './context';

/**
 * GET / — a page whose buttons call each paid route with fetch, as a web app would. Without
 * the wallet each shows the 402; with it, the result. The receipt is shown when the page can read
 * it (a payer in the page); the wallet extension keeps receipts from pages (they name its address).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Voucher Wallet — mock vendor</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  button { margin: 0 .5rem .5rem 0; padding: .4rem .8rem; }
  pre { background: #f4f4f4; padding: .6rem; white-space: pre-wrap; word-break: break-all; max-height: 24rem; overflow: auto; }
  .status { font-weight: bold; }
</style>
</head>
<body>
<h1>Mock vendor</h1>
<p>Paid API routes; a wallet pays each request with a voucher. Vendor <code id="vendor"></code>.</p>
<div>
  <button id="echo">Echo</button>
  <button id="data">1 kB of data</button>
  <button id="stream">Stream 3 s</button>
  <button id="mcp">MCP tools/call add</button>
  <button id="parallel">10 parallel requests</button>
</div>
<p class="status" id="status"></p>
<h2>Result</h2><pre id="result"></pre>
<h2>Receipt</h2><pre id="receipt"></pre>
<script>
const $ = (id) => document.getElementById(id);
function decodeReceipt(value) {
  if (!value || !value.startsWith('v1.')) return null;
  const b64 = value.slice(3).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}
function show(status, result, receipt) {
  $('status').textContent = status;
  $('result').textContent = typeof result === 'string' ? result : JSON.stringify(result, null, 2);
  $('receipt').textContent = receipt ? JSON.stringify(receipt, null, 2)
    : String(status).startsWith('2') ? '(kept by the wallet: see its Activity)' : '(none)';
}
async function call(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, receipt: decodeReceipt(response.headers.get('x-voucher-receipt')) };
}
async function run(action) {
  $('status').textContent = 'working…';
  try { await action(); } catch (error) { show('error', String(error), null); }
}
$('echo').onclick = () => run(async () => {
  const r = await call('/api/echo?q=' + encodeURIComponent('hello from the page'));
  show(r.status, r.text, r.receipt);
});
$('data').onclick = () => run(async () => {
  const r = await call('/api/data?bytes=1000');
  show(r.status, r.text.length + ' bytes: ' + r.text.slice(0, 120) + '…', r.receipt);
});
$('stream').onclick = () => run(async () => {
  const response = await fetch('/api/stream?seconds=3');
  if (!response.ok || !response.body) return show(response.status, await response.text(), null);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '', events = [], receipt = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split('\\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\\n');
      if (event === 'voucher-receipt') receipt = JSON.parse(data); else events.push(data);
      show('streaming… ' + events.length + ' events', events.join('\\n'), receipt);
    }
  }
  show(response.status + ' (' + events.length + ' events)', events.join('\\n'), receipt);
});
$('mcp').onclick = () => run(async () => {
  const r = await call('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 2, b: 3 } } }),
  });
  show(r.status, r.text, r.receipt);
});
$('parallel').onclick = () => run(async () => {
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => call('/api/echo?q=parallel-' + i)));
  const cost = results.reduce((sum, r) => sum + (r.receipt ? BigInt(r.receipt.cost) : 0n), 0n);
  show(results.map((r) => r.status).join(' '), results.map((r) => r.text).join('\\n'),
    { paid: results.filter((r) => r.receipt).length, totalCost: cost.toString(), last: results.at(-1).receipt });
});
fetch('/.well-known/voucher-payment').then((r) => r.json()).then((d) => { $('vendor').textContent = d.vendor; });
</script>
</body>
</html>
`;

export const demoPage: RouteHandler = async () =>
  new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
