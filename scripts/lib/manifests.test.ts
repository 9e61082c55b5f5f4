import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIREFOX_MIN_VERSION, FIREFOX_ONLY_PERMISSION, GECKO_ID, firefoxManifest, manifestFor, type ChromiumManifest } from './manifests';

const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as ChromiumManifest;

describe('the Firefox manifest, derived from manifest.json', () => {
  it('runs the worker module as a background script (Firefox has no extension service worker)', () => {
    const firefox = firefoxManifest(source);
    expect(firefox.background).toEqual({ scripts: [source.background.service_worker], type: 'module' });
    expect(firefox.background).not.toHaveProperty('service_worker');
  });

  it('has a stable gecko id and the first version with MAIN-world document_start content scripts', () => {
    expect(firefoxManifest(source).browser_specific_settings.gecko).toEqual({ id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION });
    expect(FIREFOX_MIN_VERSION).toBe('128.0');
  });

  it('adds webRequestBlocking to the permissions, to remove receipts from the page view itself', () => {
    expect(firefoxManifest(source).permissions).toEqual([...source.permissions, FIREFOX_ONLY_PERMISSION]);
    expect(source.permissions).not.toContain(FIREFOX_ONLY_PERMISSION);
  });

  it('keeps every other field as manifest.json has it', () => {
    const { background: _firefoxBackground, browser_specific_settings: _gecko, permissions: _firefoxPermissions, ...firefoxRest } = firefoxManifest(source);
    const { background: _chromiumBackground, permissions: _chromiumPermissions, ...chromiumRest } = source;
    expect(firefoxRest).toEqual(chromiumRest);
  });

  it('leaves the Chromium manifest as written', () => {
    expect(manifestFor('chromium', source)).toBe(source);
  });
});
