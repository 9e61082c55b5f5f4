import type { Page } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';

/** A page in Chromium (Playwright) or in Firefox (puppeteer-core): the helpers that only evaluate take either. */
export type AnyPage = Page | PuppeteerPage;

/**
 * Runs `fn(arg)` in the page. Both libraries' page.evaluate take this same (function, plain JSON
 * argument) call; their generic signatures differ only in how they unwrap handles, unused here.
 */
export function evaluateIn<A, R>(page: AnyPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return (page as Page).evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
}
