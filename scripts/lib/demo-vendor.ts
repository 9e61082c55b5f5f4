/**
 * The mock vendor's flags for `npm start`'s demo, shared with the e2e that follows the demo page
 * (e2e/21-demo-page.spec.ts), so the test runs what a new user gets. The config proposes small
 * vouchers (0.002 USDC) and redeems every 2 s, so a few calls spend a voucher and the page's
 * redeemed total rises within seconds; the user's own flags come after and win.
 */
export const DEMO_VENDOR_ARGS = ['--config', 'scripts/demo-vendor.json'] as const;
