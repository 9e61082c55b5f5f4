import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../settings';
import { fakePlatform } from '../testing/fake-platform';
import { AUTO_LOCK_ALARM, AutoLock } from './auto-lock';
import { Vault } from './vault';

// Anvil's first default key: any valid key does.
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

async function setup() {
  const platform = fakePlatform();
  const vault = new Vault(platform.local, platform.session, 1_000);
  const settings = new SettingsStore(platform.local);
  const autoLock = new AutoLock(platform, vault, settings);
  await vault.importPrivateKey(KEY, 'password1');
  return { platform, vault, settings, autoLock };
}

describe('AutoLock', () => {
  it('locks once the idle deadline passes, not before', async () => {
    const { platform, vault, autoLock } = await setup();
    await autoLock.touch();
    expect(platform.alarmsSet.get(AUTO_LOCK_ALARM)).toEqual({ when: platform.clock.now + 15 * 60_000 });
    platform.clock.now += 15 * 60_000 - 1;
    expect(await autoLock.enforce()).toBe(false);
    expect(await vault.state()).toBe('unlocked');
    platform.clock.now += 1;
    expect(await autoLock.enforce()).toBe(true);
    expect(await vault.state()).toBe('locked');
    expect(platform.alarmsSet.has(AUTO_LOCK_ALARM)).toBe(false);
  });

  it('activity pushes the deadline, with the configured minutes, across a worker restart', async () => {
    const { platform, settings, autoLock } = await setup();
    await settings.setAutoLockMinutes(2);
    await autoLock.touch();
    platform.clock.now += 90_000;
    await autoLock.touch();
    platform.clock.now += 90_000;
    const revived = platform.restart();
    const again = new AutoLock(revived, new Vault(revived.local, revived.session), new SettingsStore(revived.local));
    expect(await again.enforce()).toBe(false);
    platform.clock.now += 30_000;
    expect(await again.enforce()).toBe(true);
  });

  it('does not set a deadline while locked', async () => {
    const { vault, autoLock } = await setup();
    await vault.lock();
    await autoLock.touch();
    expect(await autoLock.deadline()).toBeUndefined();
  });

  it('refuses nonsense minutes', async () => {
    const { settings } = await setup();
    for (const bad of [0, -1, 1.5, Number.NaN, 100_000]) {
      await expect(settings.setAutoLockMinutes(bad)).rejects.toMatchObject({ code: 'bad_input' });
    }
  });
});
