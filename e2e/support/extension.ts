import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extensionArgs, findChromium } from '../../scripts/lib/chromium';

export const DIST = resolve('dist');
export const POPUP_PATH = 'src/popup/index.html';

export async function launchWithExtension(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'vw-profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', ...extensionArgs(DIST)],
    viewport: { width: 1000, height: 800 },
    acceptDownloads: true,
  });
}

/** The extension's service worker, waiting for it to start when needed. */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://'));
  if (running) return running;
  return context.waitForEvent('serviceworker', {
    predicate: (worker) => worker.url().startsWith('chrome-extension://'),
    timeout: 15_000,
  });
}

export function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

interface VersionInfo {
  versionId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Stops the extension's service worker the way Chromium does when it idles out. Target.closeTarget
 * reports success without a visible effect on the worker's status, so this uses the ServiceWorker
 * domain (stopWorker) and waits until Chromium reports the version `stopped`. The next event
 * (a message, an alarm) starts a fresh worker with empty memory.
 */
export async function killServiceWorker(context: BrowserContext, helperPage: Page): Promise<void> {
  const cdp: CDPSession = await context.newCDPSession(helperPage);
  const versions = new Map<string, VersionInfo>();
  let changed = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }: { versions: VersionInfo[] }) => {
    for (const version of updated) versions.set(version.versionId, version);
    changed();
  });
  const until = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`service worker: timed out waiting until ${what}`);
      await new Promise<void>((resolve) => {
        changed = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  const extension = () => [...versions.values()].find((version) => version.scriptURL.startsWith('chrome-extension://'));
  try {
    await cdp.send('ServiceWorker.enable');
    await until(() => extension() !== undefined, 'the extension worker is listed');
    const version = extension()!;
    if (version.runningStatus === 'stopped') return;
    await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
    await until(() => versions.get(version.versionId)?.runningStatus === 'stopped', 'the worker stopped');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
