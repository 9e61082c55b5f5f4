import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_QUIET_FLAGS, findChromium } from '../../scripts/lib/chromium';
import { extensionIdOf, launchWithExtension, serviceWorker } from '../../e2e/support/extension';
import { fromWire, toWire } from '../../src/lib/bigint-wire';
import type { PopupInput, PopupOutput, PopupRequestType } from '../../src/messaging/popup-api';

/**
 * Headless Chromium twice: a profile with the built extension (dist/), and one without. Both are
 * persistent on-disk profiles: an in-memory (incognito-like) context has an in-memory HTTP cache
 * and measured ~2× faster loopback fetches, which would be charged to the extension.
 */
export interface Browsers {
  withExtension: BrowserContext;
  extensionId: string;
  plainContext: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowsers(): Promise<Browsers> {
  const withExtension = await launchWithExtension();
  const extensionId = extensionIdOf(await serviceWorker(withExtension));
  const plainContext = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bench-plain-profile-')), {
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', ...CHROMIUM_QUIET_FLAGS],
    viewport: { width: 1000, height: 800 },
  });
  return {
    withExtension,
    extensionId,
    plainContext,
    async close() {
      await withExtension.close();
      await plainContext.close();
    },
  };
}

export function chromiumVersion(): string {
  try {
    return execFileSync(findChromium(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The popup page URL of the loaded extension. */
export const popupUrl = (extensionId: string, hash = '') => `chrome-extension://${extensionId}/src/popup/index.html${hash}`;

/**
 * Sends one popup request to the worker from an extension page, exactly as the popup does
 * (wire JSON through chrome.runtime.sendMessage), and unwraps the reply.
 */
export async function askWorker<T extends PopupRequestType>(
  extensionPage: Page,
  type: T,
  input: PopupInput<T>,
): Promise<PopupOutput<T>> {
  const reply = fromWire(
    await extensionPage.evaluate((message) => chrome.runtime.sendMessage(message), toWire({ channel: 'popup', type, input })),
  ) as { ok: true; value: PopupOutput<T> } | { ok: false; code: string; message: string } | undefined;
  if (!reply?.ok) throw new Error(`worker refused ${type}: ${reply ? `${reply.code} ${reply.message}` : 'no reply'}`);
  return reply.value;
}
