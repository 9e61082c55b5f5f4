import * as passworder from '@metamask/browser-passworder';
import { getAddress, type Address, type Hex, type LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { WalletError } from '../errors';
import type { StorageArea } from '../platform';

export const VAULT_KEY = 'vault';
/** The derived AES key (JWK) while unlocked; never the password. */
export const SESSION_KEY = 'vault.sessionKey';
export const MIN_PASSWORD_LENGTH = 8;
export const PBKDF2_ITERATIONS = 900_000;

interface StoredVault {
  version: 1;
  /** Public, kept in clear so a locked wallet can still name its vendors. */
  address: Address;
  /** browser-passworder's JSON: AES-GCM-256 ciphertext, iv, salt, PBKDF2 parameters. */
  encrypted: string;
}

interface Secret {
  privateKey: Hex;
}

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/**
 * The private key, encrypted at rest with the user's password. While unlocked only the derived
 * key sits in storage.session (trusted contexts only) so a restarted worker can still sign;
 * locking removes it. The decrypted account is cached per derived key: a cache, rebuilt on demand.
 */
export class Vault {
  private cached?: { sessionKey: string; account: LocalAccount };

  constructor(
    private readonly local: StorageArea,
    private readonly session: StorageArea,
    private readonly iterations = PBKDF2_ITERATIONS,
  ) {}

  async state(): Promise<VaultState> {
    const vault = await this.stored();
    if (!vault) return 'uninitialized';
    return (await this.sessionKey()) ? 'unlocked' : 'locked';
  }

  async address(): Promise<Address | undefined> {
    return (await this.stored())?.address;
  }

  async create(password: string): Promise<Address> {
    return this.save(generatePrivateKey(), password);
  }

  async importPrivateKey(privateKey: string, password: string): Promise<Address> {
    return this.save(parsePrivateKey(privateKey), password);
  }

  async unlock(password: string): Promise<Address> {
    const vault = await this.required();
    let result: passworder.DetailedDecryptResult;
    try {
      result = await passworder.decryptWithDetail(password, vault.encrypted);
    } catch {
      throw new WalletError('wrong_password', 'the password is wrong');
    }
    await this.session.set({ [SESSION_KEY]: result.exportedKeyString });
    return vault.address;
  }

  async lock(): Promise<void> {
    this.cached = undefined;
    await this.session.remove(SESSION_KEY);
  }

  /** Asks for the password again even while unlocked, so an open popup alone cannot leak the key. */
  async exportKey(password: string): Promise<Hex> {
    const vault = await this.required();
    try {
      return ((await passworder.decrypt(password, vault.encrypted)) as Secret).privateKey;
    } catch {
      throw new WalletError('wrong_password', 'the password is wrong');
    }
  }

  /** The signing account, or a `wallet_locked` error. */
  async account(): Promise<LocalAccount> {
    const vault = await this.required();
    const sessionKey = await this.sessionKey();
    if (!sessionKey) throw new WalletError('wallet_locked', 'the wallet is locked');
    if (this.cached?.sessionKey === sessionKey) return this.cached.account;
    const key = await passworder.importKey(sessionKey);
    const secret = await passworder.decryptWithKey<Secret>(key, JSON.parse(vault.encrypted));
    const account = privateKeyToAccount(secret.privateKey);
    this.cached = { sessionKey, account };
    return account;
  }

  private async save(privateKey: Hex, password: string): Promise<Address> {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      throw new WalletError('weak_password', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (await this.stored()) throw new WalletError('wallet_exists', 'a wallet already exists');
    const address = getAddress(privateKeyToAccount(privateKey).address);
    const { vault, exportedKeyString } = await passworder.encryptWithDetail<Secret>(password, { privateKey }, undefined, {
      algorithm: 'PBKDF2',
      params: { iterations: this.iterations },
    });
    const stored: StoredVault = { version: 1, address, encrypted: vault };
    await this.local.set({ [VAULT_KEY]: stored });
    await this.session.set({ [SESSION_KEY]: exportedKeyString });
    return address;
  }

  private async stored(): Promise<StoredVault | undefined> {
    return (await this.local.get(VAULT_KEY))[VAULT_KEY] as StoredVault | undefined;
  }

  private async required(): Promise<StoredVault> {
    const vault = await this.stored();
    if (!vault) throw new WalletError('wallet_uninitialized', 'no wallet yet: create or import one');
    return vault;
  }

  private async sessionKey(): Promise<string | undefined> {
    const value = (await this.session.get(SESSION_KEY))[SESSION_KEY];
    return typeof value === 'string' ? value : undefined;
  }
}

/** 32 bytes of hex, optionally 0x-prefixed, and a valid secp256k1 scalar. */
export function parsePrivateKey(text: string): Hex {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const hex = (trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new WalletError('invalid_private_key', 'a private key is 32 bytes written as 64 hex digits');
  }
  const key = `0x${hex}` as Hex;
  try {
    privateKeyToAccount(key);
  } catch {
    throw new WalletError('invalid_private_key', 'not a valid secp256k1 private key');
  }
  return key;
}
