import type { RouteHandler } from './context';

/**
 * GET / — the demo: a small API product's console ("Parcel", text and data tools) whose buttons
 * call the paid routes with fetch, as a web app would, beside the steps from nothing to a paid
 * request. The page never learns the wallet's address from the wallet: the faucet step takes it
 * pasted by the user (the wallet shows it, with a copy button). The "get test funds" step is shown
 * only when the stats feed (GET /demo/stats/live) says the faucet exists (the vendor's own local chain).
 * With the wallet extension the page never sees the receipt (the wallet reads and keeps it): a paid
 * route's 2xx then says so.
 */
const STYLE = `
  :root { --ink: #17202c; --muted: #5b6676; --line: #e2e6ee; --bg: #f6f7fb; --card: #fff; --accent: #3451d1;
    --accent-soft: #eef1fd; --ok: #1c7a3e; --ok-soft: #e6f5eb; --warn: #8a5300; --warn-soft: #fff4de; --bad: #b42318; --bad-soft: #fdecea;
    --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header.top { background: var(--card); border-bottom: 1px solid var(--line); }
  .wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
  .top .wrap { display: flex; align-items: center; gap: .75rem; height: 3.5rem; }
  .logo { width: 1.75rem; height: 1.75rem; border-radius: .45rem; background: linear-gradient(135deg, #3451d1, #7a5af8); }
  .brand { font-weight: 700; font-size: 1.05rem; }
  .tag { margin-left: auto; font-size: .8rem; color: var(--muted); }
  .tag code { font-family: var(--mono); font-size: .75rem; }
  .hero { padding: 1.75rem 0 1rem; }
  .hero h1 { margin: 0 0 .35rem; font-size: 1.6rem; }
  .hero p { margin: 0; color: var(--muted); max-width: 44rem; }
  .grid { display: grid; grid-template-columns: 22rem 1fr; gap: 1.25rem; padding-bottom: 2.5rem; align-items: start; }
  @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: 1rem 1.1rem; }
  .card + .card { margin-top: 1rem; }
  h2 { font-size: 1rem; margin: 0 0 .6rem; }
  ol.steps { list-style: none; margin: 0; padding: 0; counter-reset: step; }
  ol.steps > li { counter-increment: step; position: relative; padding: 0 0 .9rem 2.2rem; }
  ol.steps > li::before { content: counter(step); position: absolute; left: 0; top: 0; width: 1.5rem; height: 1.5rem; border-radius: 50%;
    background: var(--accent-soft); color: var(--accent); font-weight: 700; font-size: .8rem; display: grid; place-items: center; }
  ol.steps > li.done::before { content: "✓"; background: var(--ok-soft); color: var(--ok); }
  .steps b { display: block; }
  .steps p { margin: .15rem 0 0; color: var(--muted); font-size: .88rem; }
  .faucet { display: flex; gap: .4rem; margin-top: .45rem; }
  input[type=text], select { font: inherit; font-size: .85rem; padding: .4rem .55rem; border: 1px solid var(--line); border-radius: .45rem; background: #fff; min-width: 0; }
  .faucet input { flex: 1; font-family: var(--mono); font-size: .78rem; }
  button { font: inherit; font-size: .88rem; font-weight: 600; padding: .42rem .85rem; border-radius: .45rem; border: 1px solid var(--accent);
    background: var(--accent); color: #fff; cursor: pointer; white-space: nowrap; }
  button.ghost { background: #fff; color: var(--accent); }
  button:disabled { opacity: .55; cursor: progress; }
  .note { font-size: .82rem; margin-top: .4rem; padding: .4rem .55rem; border-radius: .4rem; }
  .note:empty { display: none; }
  .note.ok { background: var(--ok-soft); color: var(--ok); }
  .note.bad { background: var(--bad-soft); color: var(--bad); }
  .note.warn { background: var(--warn-soft); color: var(--warn); }
  .stats { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
  .stat { background: var(--bg); border-radius: .5rem; padding: .55rem .7rem; }
  .stat span { display: block; font-size: .75rem; color: var(--muted); }
  .stat strong { font-size: 1.15rem; font-variant-numeric: tabular-nums; }
  .muted { color: var(--muted); font-size: .82rem; }
  .endpoints { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .75rem; margin-bottom: 1rem; }
  .endpoint { border: 1px solid var(--line); border-radius: .6rem; padding: .75rem .8rem; display: flex; flex-direction: column; gap: .45rem; }
  .endpoint .route { font-family: var(--mono); font-size: .78rem; color: var(--muted); }
  .endpoint .route b { color: var(--accent); }
  .endpoint .row { display: flex; gap: .4rem; align-items: center; }
  .endpoint .row input, .endpoint .row select { flex: 1; }
  .price { font-size: .78rem; color: var(--muted); }
  .response-head { display: flex; align-items: baseline; gap: .6rem; }
  #status { font-family: var(--mono); font-weight: 700; font-size: 1.05rem; }
  #status.s2 { color: var(--ok); } #status.s4 { color: var(--bad); }
  pre { margin: .4rem 0 0; background: #0f1520; color: #d7deea; padding: .7rem .8rem; border-radius: .5rem; font: .78rem/1.45 var(--mono);
    white-space: pre-wrap; word-break: break-all; max-height: 16rem; overflow: auto; }
  h3 { font-size: .85rem; margin: .9rem 0 0; color: var(--muted); font-weight: 600; }
`;

const BODY = `
<header class="top"><div class="wrap">
  <div class="logo" aria-hidden="true"></div><span class="brand">Parcel</span><span class="muted">Text &amp; data API</span>
  <span class="tag">paid per request with Voucher Wallet · vendor <code id="vendor">…</code></span>
</div></header>
<main class="wrap">
  <section class="hero">
    <h1>API console</h1>
    <p>Every call below is billed for the time and bytes it uses, a fraction of a cent each. No account, no card:
      your browser wallet signs a voucher for this API once you approve it, and pays in the background within your budget.</p>
  </section>
  <div class="grid">
    <aside>
      <div class="card">
        <h2>Get started</h2>
        <ol class="steps">
          <li><b>Install Voucher Wallet</b>
            <p><code>npm start</code> opened this browser with it loaded. Elsewhere: <i>chrome://extensions</i> → Developer mode → Load unpacked → <code>dist/</code>.</p></li>
          <li><b>Create your wallet</b>
            <p>The wallet opened its own tab when installed (or click its toolbar icon). Write down the 12-word recovery phrase it shows; it asks for three of the words back.</p></li>
          <li id="step-funds"><b>Get test funds</b>
            <p id="funds-text">Copy your address from the wallet (its last screen, or the Account tab → Copy) and paste it here. The vendor's test chain gives it 100 test USDC as collateral and subscribes it to this API.</p>
            <form class="faucet" id="faucet-form">
              <input type="text" id="faucet-address" placeholder="0x… your wallet address" autocomplete="off" spellcheck="false" aria-label="Your wallet address">
              <button type="submit" id="faucet">Get test funds</button>
            </form>
            <div class="note" id="faucet-note" role="status"></div></li>
          <li id="step-call"><b>Make a paid request</b>
            <p>Run any call in the console. The first time, the wallet asks you to approve this API with a budget; after that it pays without asking.</p></li>
          <li id="step-paid"><b>Watch the vendor get paid</b>
            <p>The panel below counts what this API charged. On a chain, a voucher is redeemed once it is fully spent: run the 100 kB download a few times and the redeemed total rises within seconds.</p></li>
        </ol>
      </div>
      <div class="card">
        <h2>This API's earnings</h2>
        <div class="stats">
          <div class="stat"><span>Charged</span><strong id="stat-charged">–</strong></div>
          <div class="stat"><span>Paid requests</span><strong id="stat-requests">–</strong></div>
          <div class="stat"><span>Redeemed on chain</span><strong id="stat-redeemed">–</strong></div>
          <div class="stat"><span>Waiting to be redeemed</span><strong id="stat-pending">–</strong></div>
        </div>
        <p class="muted" id="stat-note"></p>
      </div>
    </aside>
    <section class="card">
      <h2>Console</h2>
      <div class="endpoints">
        <div class="endpoint"><div class="route"><b>GET</b> /api/echo</div><div>Echo a text back.</div>
          <div class="row"><input type="text" id="echo-text" value="hello from the page" aria-label="Text to echo"><button id="echo">Run</button></div>
          <div class="price" data-route="/api/echo"></div></div>
        <div class="endpoint"><div class="route"><b>GET</b> /api/data</div><div>Download a block of data.</div>
          <div class="row"><select id="data-size" aria-label="Size"><option value="1000">1 kB</option><option value="100000" selected>100 kB</option><option value="1000000">1 MB</option></select><button id="data">Run</button></div>
          <div class="price" data-route="/api/data"></div></div>
        <div class="endpoint"><div class="route"><b>GET</b> /api/stream</div><div>Stream events for 3 seconds.</div>
          <div class="row"><button id="stream">Run</button></div><div class="price" data-route="/api/stream"></div></div>
        <div class="endpoint"><div class="route"><b>POST</b> /mcp</div><div>Call the MCP tool <code>add(2, 3)</code>.</div>
          <div class="row"><button id="mcp">Run</button></div><div class="price" data-route="/mcp"></div></div>
        <div class="endpoint"><div class="route"><b>GET</b> /api/echo ×10</div><div>Ten requests at once.</div>
          <div class="row"><button id="parallel" class="ghost">Run 10 in parallel</button></div></div>
      </div>
      <div class="response-head"><h2 style="margin:0">Response</h2><span id="status"></span></div>
      <div class="note" id="status-note" role="status"></div>
      <h3>Body</h3><pre id="result">(run a call)</pre>
      <h3>Receipt (x-voucher-receipt, decoded)</h3><pre id="receipt">(none)</pre>
    </section>
  </div>
</main>`;

// The page's own script: plain fetch, as any web app; the wallet (if any) works underneath.
const SCRIPT = `
const $ = (id) => document.getElementById(id);
let asset = { symbol: 'USDC', decimals: 6 };
function units(atoms) {
  const value = BigInt(atoms), base = 10n ** BigInt(asset.decimals);
  const whole = value / base, frac = (value % base).toString().padStart(asset.decimals, '0').replace(/0+$/, '');
  return whole + (frac ? '.' + frac : '') + ' ' + asset.symbol;
}
function decodeReceipt(value) {
  if (!value || !value.startsWith('v1.')) return null;
  const b64 = value.slice(3).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}
// What a refusal means for the person at the keyboard, by the vendor's error code.
const HINTS = {
  payment_required: 'The wallet did not pay. Is it installed, set up and unlocked? It shows a notification and a "!" on its icon when it needs you; then run the call again.',
  not_subscribed: 'This wallet has no collateral with this API yet: get test funds (step 3), then run the call again.',
  collateral_too_low: 'The collateral behind this wallet is too low for this API: get test funds (step 3).',
  insufficient_credit: 'The wallet did not top up: its budget for this API may be used up (see the wallet\\'s Vendors tab).',
};
function note(element, kind, text) { element.className = 'note ' + kind; element.textContent = text; }
function show(status, result, receipt) {
  $('status').textContent = String(status);
  $('status').className = typeof status === 'number' || /^\\d/.test(String(status)) ? 's' + String(status)[0] : '';
  $('result').textContent = typeof result === 'string' ? result : JSON.stringify(result, null, 2);
  $('receipt').textContent = receipt ? JSON.stringify(receipt, null, 2)
    : String(status).startsWith('2') ? '(kept by the wallet: see its Activity)' : '(none)';
  let code = null;
  if (typeof result === 'string') { try { code = JSON.parse(result).error?.code ?? null; } catch {} }
  if (receipt) { note($('status-note'), 'ok', 'Paid: ' + units(receipt.cost) + ' for this call, voucher #' + receipt.nonce + '.'); $('step-call').classList.add('done'); }
  else if (String(status).startsWith('2')) { note($('status-note'), 'ok', 'Paid: the wallet kept the receipt (see its Activity).'); $('step-call').classList.add('done'); }
  else if (code && HINTS[code]) note($('status-note'), 'warn', HINTS[code]);
  else $('status-note').textContent = '';
}
async function call(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, receipt: decodeReceipt(response.headers.get('x-voucher-receipt')) };
}
function run(button, action) {
  button.onclick = async () => {
    button.disabled = true;
    $('status').textContent = '…'; $('status').className = '';
    try { await action(); } catch (error) { show('error', String(error), null); } finally { button.disabled = false; }
  };
}
run($('echo'), async () => {
  const r = await call('/api/echo?q=' + encodeURIComponent($('echo-text').value));
  show(r.status, r.text, r.receipt);
});
run($('data'), async () => {
  const r = await call('/api/data?bytes=' + $('data-size').value);
  show(r.status, r.status === 200 ? r.text.length + ' bytes: ' + r.text.slice(0, 120) + '…' : r.text, r.receipt);
});
run($('stream'), async () => {
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
      $('status').textContent = 'streaming… ' + events.length + ' events';
      $('result').textContent = events.join('\\n');
    }
  }
  show(response.status, events.join('\\n'), receipt);
});
run($('mcp'), async () => {
  const r = await call('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 2, b: 3 } } }),
  });
  show(r.status, r.text, r.receipt);
});
run($('parallel'), async () => {
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => call('/api/echo?q=parallel-' + i)));
  const cost = results.reduce((sum, r) => sum + (r.receipt ? BigInt(r.receipt.cost) : 0n), 0n);
  const last = results.at(-1);
  show(results.map((r) => r.status).join(' '), results.map((r) => r.text).join('\\n'),
    results.every((r) => r.receipt) ? { ...last.receipt, paid: 10, totalCost: cost.toString() } : null);
});
$('faucet-form').onsubmit = async (event) => {
  event.preventDefault();
  const address = $('faucet-address').value.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return note($('faucet-note'), 'bad', 'Paste the 0x… address (42 characters) the wallet shows.');
  $('faucet').disabled = true;
  note($('faucet-note'), 'warn', 'Funding on the test chain…');
  try {
    const response = await fetch('/demo/faucet', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address }) });
    const body = await response.json();
    if (!response.ok) return note($('faucet-note'), 'bad', body.error?.message ?? 'the faucet failed');
    note($('faucet-note'), 'ok', units(body.collateral) + ' of collateral, subscribed to this API. Now run a call.');
    $('step-funds').classList.add('done');
  } catch (error) {
    note($('faucet-note'), 'bad', String(error));
  } finally {
    $('faucet').disabled = false;
  }
};
function renderStats(stats) {
  asset = stats.asset;
  $('stat-charged').textContent = units(stats.charged);
  $('stat-requests').textContent = String(stats.paidRequests);
  if (stats.redemption) {
    $('stat-redeemed').textContent = units(stats.redemption.redeemed);
    $('stat-pending').textContent = units(stats.redemption.pending);
    $('stat-note').textContent = 'Redeemed: what the collateral contract paid this API for the vouchers it redeemed, from your collateral.';
    if (BigInt(stats.redemption.redeemed) > 0n) $('step-paid').classList.add('done');
  } else {
    $('stat-redeemed').textContent = $('stat-pending').textContent = 'no chain';
    $('stat-note').textContent = 'This vendor runs in demo mode without a chain: every wallet counts as funded and nothing is redeemed.';
    if (BigInt(stats.charged) > 0n) $('step-paid').classList.add('done');
  }
  if (!stats.faucet) {
    $('faucet-form').hidden = true;
    $('funds-text').textContent = stats.chain ? 'This API runs on a real chain: deposit collateral and subscribe from the wallet.' : 'Not needed here: in demo mode every wallet counts as funded.';
    $('step-funds').classList.add('done');
  }
}
// A live feed (server-sent events), not fetch polling: the wallet lists a page's fetch calls to a
// vendor it pays as the user's activity, and the panel's refreshes are not activity.
new EventSource('/demo/stats/live').addEventListener('stats', (event) => renderStats(JSON.parse(event.data)));
fetch('/.well-known/voucher-payment').then((r) => r.json()).then((d) => {
  $('vendor').textContent = d.vendor.slice(0, 6) + '…' + d.vendor.slice(-4);
  $('vendor').title = d.vendor;
  asset = d.asset;
  for (const route of d.routes) {
    const element = document.querySelector('.price[data-route="' + route.path + '"]');
    if (element) element.textContent = 'from about ' + units(route.approxCost) + ' a call';
  }
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parcel API console — paid with Voucher Wallet</title>
<style>${STYLE}</style>
</head>
<body>${BODY}
<script>${SCRIPT}</script>
</body>
</html>
`;

export const demoPage: RouteHandler = async () =>
  new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
