import { buildPageBundles } from './browser/bundle';
import { startStaticServer } from './browser/static-server';
import { launchBrowsers } from './browser/browsers';
import { createWallet } from './browser/wallet';
import { benchIdbStore } from './browser/idb-store';
import { benchPopup } from './browser/popup';
import { printRows } from './stats';
const bundles = await buildPageBundles();
const site = await startStaticServer(bundles);
const browsers = await launchBrowsers();
try {
  const control = await createWallet(browsers.withExtension, browsers.extensionId);
  const store = await benchIdbStore(browsers, site);
  const popup = process.env.SKIP_POPUP ? [] : await benchPopup(browsers, control, bundles);
  printRows([...store, ...popup]);
} finally { await browsers.close(); await site.close(); }
