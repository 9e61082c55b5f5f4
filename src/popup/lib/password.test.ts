import { describe, expect, it } from 'vitest';
import { importKind, importSecretError, newPasswordError, passwordStrength, privateKeyError } from './password';

describe('password rules', () => {
  it('needs 8 characters and a matching confirmation', () => {
    expect(newPasswordError('short', 'short')).toMatch(/at least 8/);
    expect(newPasswordError('long enough', 'long enoug')).toMatch(/do not match/);
    expect(newPasswordError('long enough', 'long enough')).toBeUndefined();
  });

  it('grades strength by length and variety', () => {
    expect(passwordStrength('abc').label).toBe('too short');
    expect(passwordStrength('password').label).toBe('weak');
    expect(passwordStrength('aaaaaaaaaaaaaaaaaaaa').label).toBe('weak');
    expect(passwordStrength('Password1').label).toBe('fair');
    expect(passwordStrength('correct horse battery').label).toBe('good');
    expect(passwordStrength('Tr0ub4dor&3xyz').label).toBe('strong');
    expect(passwordStrength('Tr0ub4dor&3xyz').score).toBe(4);
  });

  it('accepts a 64-hex private key with or without 0x', () => {
    const key = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
    expect(privateKeyError(key)).toBeUndefined();
    expect(privateKeyError(`  0x${key}\n`)).toBeUndefined();
    expect(privateKeyError('')).toMatch(/Paste/);
    expect(privateKeyError(`0x${key.slice(1)}`)).toMatch(/64 hexadecimal/);
    expect(privateKeyError(`0x${key.slice(1)}g`)).toMatch(/64 hexadecimal/);
  });
});

describe('the import box', () => {
  const PHRASE = 'test test test test test test test test test test test junk';
  const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

  it('tells a key from a phrase', () => {
    expect(importKind(KEY)).toBe('privateKey');
    expect(importKind(KEY.slice(2))).toBe('privateKey');
    expect(importKind('0x1234')).toBe('privateKey');
    expect(importKind(` ${PHRASE}\n`)).toBe('phrase');
  });

  it('checks the shape here and leaves words and checksum to the worker', () => {
    expect(importSecretError('  ')).toMatch(/Paste/);
    expect(importSecretError('0x1234')).toMatch(/64 hexadecimal digits/);
    expect(importSecretError(KEY)).toBeUndefined();
    expect(importSecretError('test test test')).toMatch(/this has 3/);
    expect(importSecretError(PHRASE)).toBeUndefined();
    expect(importSecretError(PHRASE.replace('junk', 'notaword'))).toBeUndefined();
  });
});
