import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extensionArgs, findChromium } from '../../scripts/lib/chromium';

export const DIST = resolve('dist');

export async function launchWithExtension(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'vw-profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', ...extensionArgs(DIST)],
    viewport: { width: 1000, height: 800 },
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

/**
 * Stops the extension's service worker the way Chromium does when it idles out: through the
 * DevTools protocol (Target.closeTarget). The next event wakes a fresh worker.
 */
export async function killServiceWorker(context: BrowserContext, helperPage: Page): Promise<void> {
  const cdp = await context.newCDPSession(helperPage);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const workers = targetInfos.filter(
      (target) => target.type === 'service_worker' && target.url.startsWith('chrome-extension://'),
    );
    if (workers.length === 0) throw new Error('no extension service worker is running');
    for (const worker of workers) await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  } finally {
    await cdp.detach();
  }
}
