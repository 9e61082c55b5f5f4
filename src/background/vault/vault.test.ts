import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { fakePlatform } from '../testing/fake-platform';
import { PBKDF2_ITERATIONS, SESSION_KEY, VAULT_KEY, Vault, parsePrivateKey } from './vault';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = privateKeyToAccount(KEY).address;

function setup(iterations = 1_000) {
  const platform = fakePlatform();
  return { platform, vault: new Vault(platform.local, platform.session, iterations) };
}

describe('Vault', () => {
  it('encrypts with PBKDF2 900k and AES-GCM by default, never storing the key or password in clear', async () => {
    const { platform, vault } = setup(PBKDF2_ITERATIONS);
    await vault.importPrivateKey(KEY, 'correct horse');
    const stored = platform.local.data.get(VAULT_KEY)!;
    expect(stored).not.toContain(KEY.slice(2));
    expect(stored).not.toContain('correct horse');
    const encrypted = JSON.parse(JSON.parse(stored).encrypted);
    expect(encrypted.keyMetadata).toEqual({ algorithm: 'PBKDF2', params: { iterations: 900_000 } });
    const session = platform.session.data.get(SESSION_KEY)!;
    expect(session).not.toContain('correct horse');
    expect(JSON.parse(JSON.parse(session)).key.alg).toBe('A256GCM');
  });

  it('create → locked → unlock round trip signs with the same address', async () => {
    const { vault } = setup();
    expect(await vault.state()).toBe('uninitialized');
    const address = await vault.create('password1');
    expect(await vault.state()).toBe('unlocked');
    expect((await vault.account()).address).toBe(address);
    await vault.lock();
    expect(await vault.state()).toBe('locked');
    await expect(vault.account()).rejects.toMatchObject({ code: 'wallet_locked' });
    await expect(vault.unlock('password2')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await vault.unlock('password1')).toBe(address);
    expect((await vault.account()).address).toBe(address);
  });

  it('a restarted worker signs from storage.session alone; a browser restart locks', async () => {
    const { platform, vault } = setup();
    await vault.importPrivateKey(KEY, 'password1');
    const revived = platform.restart();
    expect((await new Vault(revived.local, revived.session).account()).address).toBe(ADDRESS);
    const rebooted = platform.restartBrowser();
    expect(await new Vault(rebooted.local, rebooted.session).state()).toBe('locked');
  });

  it('exportKey needs the password again', async () => {
    const { vault } = setup();
    await vault.importPrivateKey(KEY, 'password1');
    await expect(vault.exportKey('nope-nope')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await vault.exportKey('password1')).toBe(KEY);
  });

  it('refuses weak passwords, a second wallet and a missing wallet with typed codes', async () => {
    const { vault } = setup();
    await expect(vault.create('short')).rejects.toMatchObject({ code: 'weak_password' });
    await expect(vault.unlock('password1')).rejects.toMatchObject({ code: 'wallet_uninitialized' });
    await vault.create('password1');
    await expect(vault.importPrivateKey(KEY, 'password1')).rejects.toMatchObject({ code: 'wallet_exists' });
  });

  it('validates imported keys', () => {
    expect(parsePrivateKey(KEY.slice(2).toUpperCase())).toBe(KEY);
    expect(parsePrivateKey(` ${KEY} `)).toBe(KEY);
    for (const bad of ['', '0x1234', `${KEY}00`, `0x${'g'.repeat(64)}`, `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`]) {
      expect(() => parsePrivateKey(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_private_key' }));
    }
  });
});
