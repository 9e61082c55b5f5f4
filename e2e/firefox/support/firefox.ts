import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findFirefox } from '../../../scripts/lib/firefox';
import { GECKO_ID } from '../../../scripts/lib/manifests';
import { WELCOME_ROUTE } from '../../../src/messaging/names';

export const DIST_FIREFOX = resolve('dist-firefox');
export const POPUP_PATH = 'src/popup/index.html';

export interface FirefoxWithExtension {
  browser: Browser;
  /** moz-extension://<uuid>/, known in advance: the uuid is pinned by a pref before install. */
  base: string;
  /** The folder downloads are saved to, without asking (a fresh one per launch). */
  downloads: string;
  /** The onboarding tab the install opened, when the launch was asked to keep it (else it is closed). */
  welcome?: Page;
  close(): Promise<void>;
}

/**
 * firefox-esr over WebDriver BiDi with dist-firefox/ installed as a temporary add-on. The
 * extension's uuid (its moz-extension:// host, random per profile otherwise) is pinned with the
 * `extensions.webextensions.uuids` pref so extension pages can be opened by URL.
 */
export async function launchFirefoxWithExtension(options: { keepWelcome?: boolean } = {}): Promise<FirefoxWithExtension> {
  const uuid = randomUUID();
  const downloads = mkdtempSync(join(tmpdir(), 'vw-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    // Lets the BiDi session reach privileged contexts (the add-on install, extension pages).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Downloads go to `downloads` without a dialog.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  let welcome: Page;
  try {
    const id = await browser.installExtension(DIST_FIREFOX);
    if (id !== GECKO_ID) throw new Error(`installed add-on ${id}, expected ${GECKO_ID}`);
    // The install opens the onboarding in a tab; a test opens the wallet's pages itself unless it asks to keep it.
    welcome = await pageWhere(browser, (url) => url.startsWith(`moz-extension://${uuid}/`) && url.endsWith(WELCOME_ROUTE));
    if (!options.keepWelcome) await welcome.close();
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, base: `moz-extension://${uuid}/`, downloads, ...(options.keepWelcome ? { welcome } : {}), close: () => browser.close() };
}

interface BidiSend {
  connection: {
    send(method: 'browsingContext.navigate', params: { context: string; url: string; wait: 'complete' }): Promise<unknown>;
    send(method: 'browsingContext.reload', params: { context: string; wait: 'complete' }): Promise<unknown>;
  };
}

/**
 * Navigates a tab to a URL. page.goto never settles on moz-extension:// pages in this Firefox, so
 * this sends BiDi's browsingContext.navigate itself and waits for the load to complete. (The page's
 * main frame id is its BiDi browsing context id.)
 */
export async function navigate(browser: Browser, page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await (browser as unknown as BidiSend).connection.send('browsingContext.navigate', { context, url, wait: 'complete' });
}

/** Loads the page's document again (BiDi's browsingContext.reload: page.reload never settles on extension pages either). */
export async function reload(browser: Browser, page: Page): Promise<void> {
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await (browser as unknown as BidiSend).connection.send('browsingContext.reload', { context, wait: 'complete' });
}

/**
 * A new tab showing an extension page (the popup, in a tab of its own). `inWindow`: in a new
 * window of its own, for when the newest window may be the wallet's notification (in headless
 * Firefox with no system notification service, a window holding no tabs, where a new tab fails).
 */
export async function openExtensionPage(firefox: FirefoxWithExtension, path: string, inWindow = false): Promise<Page> {
  const page = await firefox.browser.newPage(inWindow ? { type: 'window' } : undefined);
  await navigate(firefox.browser, page, `${firefox.base}${path}`);
  return page;
}

/**
 * The first open page whose document URL satisfies `predicate`. Puppeteer reports moz-extension://
 * pages (their target URL, page.url()) as about:blank in this Firefox, so each page is asked for
 * its location; a page between documents fails the question and is asked again on the next round.
 */
export async function pageWhere(browser: Browser, predicate: (url: string) => boolean, timeout = 15_000): Promise<Page> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  for (;;) {
    const pages = await browser.pages();
    const urls = await Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => '')));
    const index = urls.findIndex(predicate);
    if (index >= 0) return pages[index]!;
    seen = urls;
    if (Date.now() > deadline) throw new Error(`no page matched in ${timeout} ms; open: ${seen.join(', ')}`);
    // Wake on the next new tab or window, or look again shortly (a new page's document loads later).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 100);
      function done() {
        clearTimeout(timer);
        browser.off('targetcreated', done);
        resolve();
      }
      browser.once('targetcreated', done);
    });
  }
}

/** The CSS selector of a data-testid. */
export function byTestId(id: string): string {
  return `[data-testid="${id}"]`;
}

// puppeteer's Locator actions time out on this Firefox's extension pages (their visibility checks
// never settle there), so these wait for the element and act on its handle.

/** Waits for the element with this test id and clicks it. */
export async function clickTestId(page: Page, id: string): Promise<void> {
  await page.waitForSelector(byTestId(id));
  await page.click(byTestId(id));
}

/** Waits for the (empty) input with this test id and types into it. */
export async function typeTestId(page: Page, id: string, text: string): Promise<void> {
  const input = await page.waitForSelector(byTestId(id));
  await input!.type(text);
}

/** The text of the element with this test id, once it is there. */
export async function textOfTestId(page: Page, id: string): Promise<string | null> {
  const element = await page.waitForSelector(byTestId(id));
  return element!.evaluate((node) => node.textContent);
}

/**
 * Waits until `check(arg)`, run in the page, returns true. page.waitForFunction never settles in
 * this Firefox once another tab or window has been in front, so this asks again every 100 ms.
 */
export async function waitInPage<A>(page: Page, check: (arg: A) => boolean, arg: A, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(check as (arg: unknown) => boolean, arg).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the page's window is gone. Puppeteer's 'close' event comes late here (seconds after
 * the window closed, or not until the next command elsewhere), so this also takes the browser's
 * own "no such frame" answer to a probe as the proof.
 */
export async function waitClosed(page: Page, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (page.isClosed()) return;
    const gone = await page.evaluate(() => false).catch((error: unknown) => /no such frame|detached|closed/i.test(String(error)));
    if (gone) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting until ${what} closed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Replaces the value of the input with this test id: selects what it holds and types over it. */
export async function fillTestId(page: Page, id: string, text: string): Promise<void> {
  const input = await page.waitForSelector(byTestId(id));
  await input!.evaluate((element) => (element as HTMLInputElement).select());
  if (text === '') await input!.press('Backspace');
  else await input!.type(text);
}

/** Waits until the element matching `selector` is there and visible (checkVisibility: rendered, not hidden). */
export async function waitVisible(page: Page, selector: string, timeout?: number): Promise<void> {
  await waitInPage(page, (css) => document.querySelector(css)?.checkVisibility() === true, selector, `${selector} is visible`, timeout);
}

/** What a page shows now, read in one call (for expect.poll): each matching element's text and the attribute asked for. */
export async function shown(page: Page, selector: string, attribute?: string): Promise<{ text: string; attribute: string | null }[]> {
  return page
    .evaluate(
      ({ css, name }) =>
        [...document.querySelectorAll(css)].map((element) => ({ text: element.textContent ?? '', attribute: name ? element.getAttribute(name) : null })),
      { css: selector, name: attribute },
    )
    .catch(() => []);
}

/** The text of the first element matching `selector` now, or null (for expect.poll). */
export async function textNow(page: Page, selector: string): Promise<string | null> {
  return (await shown(page, selector))[0]?.text ?? null;
}

/**
 * The file a download saved to `folder`, once complete: Firefox writes `<name>.part` and renames
 * it at the end. Polled (no download event reaches puppeteer over BiDi here).
 */
export async function downloadedFile(folder: string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = readdirSync(folder);
    const done = names.filter((name) => !name.endsWith('.part'));
    if (done.length === 1 && names.length === 1) return join(folder, done[0]!);
    if (done.length > 1) throw new Error(`more than one download in ${folder}: ${done.join(', ')}`);
    if (Date.now() > deadline) throw new Error(`no finished download in ${folder} after ${timeout} ms (${names.join(', ') || 'empty'})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
