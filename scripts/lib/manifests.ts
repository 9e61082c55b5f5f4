/**
 * One manifest source (manifest.json, written for Chromium) and the Firefox variant derived from it
 * in code, so the two builds cannot drift apart by hand.
 */

/** The fields of manifest.json this derivation reads or rewrites; the rest passes through. */
export interface ChromiumManifest {
  manifest_version: 3;
  background: { service_worker: string; type?: 'module' };
  permissions: string[];
  [field: string]: unknown;
}

export interface FirefoxManifest extends Omit<ChromiumManifest, 'background'> {
  background: { scripts: string[]; type?: 'module' };
  browser_specific_settings: {
    gecko: { id: string; strict_min_version: string };
  };
}

/** The add-on's id in Firefox: stable, so storage and granted permissions survive an update. */
export const GECKO_ID = 'voucher-wallet@voucher-wallet.invalid';
/** Content scripts in the MAIN world at document_start (the fetch wrapper) exist from Firefox 128. */
export const FIREFOX_MIN_VERSION = '128.0';

/** The one permission only the Firefox build asks for (see firefoxManifest). */
export const FIREFOX_ONLY_PERMISSION = 'webRequestBlocking';

export type Target = 'chromium' | 'firefox';

export function manifestFor(target: Target, source: ChromiumManifest): ChromiumManifest | FirefoxManifest {
  return target === 'firefox' ? firefoxManifest(source) : source;
}

/**
 * Firefox has no extension service worker: the same module runs as a non-persistent background
 * script (an event page), woken for the same top-level listeners. Firefox also applies a
 * declarativeNetRequest rule's response-header removal before webRequest listeners see the
 * headers, so the worker would never read a receipt; there it holds `webRequestBlocking` (which
 * Firefox's MV3 grants) and removes the receipt from the page's view itself, after reading it
 * (platform.ts). Everything else is shared.
 */
export function firefoxManifest(source: ChromiumManifest): FirefoxManifest {
  const { background, ...rest } = source;
  return {
    ...rest,
    permissions: [...source.permissions, FIREFOX_ONLY_PERMISSION],
    background: { scripts: [background.service_worker], ...(background.type ? { type: background.type } : {}) },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
      },
    },
  };
}

/** The build's output folder for a target. */
export function outDirFor(target: Target): string {
  return target === 'firefox' ? 'dist-firefox' : 'dist';
}
