export const MIN_PASSWORD_LENGTH = 8;

export type StrengthLabel = 'too short' | 'weak' | 'fair' | 'good' | 'strong';

export interface PasswordStrength {
  /** 0–4, for a meter. */
  score: number;
  label: StrengthLabel;
  hint: string;
}

/**
 * A rough hint, not a guarantee: length counts most, then mixing character classes.
 * The vault's key derivation does the real work; this only nudges away from "password1".
 */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { score: 0, label: 'too short', hint: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const repetitive = /^(.)\1+$/.test(password) || new Set(password).size < 4;
  const long = password.length >= 12;
  const veryLong = password.length >= 16 || (classes === 4 && long);
  const score = repetitive ? 1 : 1 + Number(long) + Number(classes >= 3) + Number(veryLong);
  const labels: StrengthLabel[] = ['too short', 'weak', 'fair', 'good', 'strong'];
  const hints = [
    '',
    'Weak: add length or mix letters, digits and symbols.',
    'Fair: a longer passphrase would be stronger.',
    'Good.',
    'Strong.',
  ];
  return { score, label: labels[score]!, hint: hints[score]! };
}

/** Why a new password cannot be used, or undefined when it can. */
export function newPasswordError(password: string, confirm: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return 'The passwords do not match.';
  return undefined;
}

/** What the import box holds: a private key (hex, or 0x…) or a recovery phrase (words). */
export function importKind(text: string): 'privateKey' | 'phrase' {
  const trimmed = text.trim();
  return /^0x/i.test(trimmed) || /^[0-9a-fA-F]+$/.test(trimmed) ? 'privateKey' : 'phrase';
}

/** BIP-39 word counts; the worker checks the words themselves and the checksum. */
const PHRASE_WORD_COUNTS = [12, 15, 18, 21, 24];

/** Why the import box cannot be a key or phrase yet, or undefined when the worker should judge it. */
export function importSecretError(text: string): string | undefined {
  if (text.trim() === '') return 'Paste your recovery phrase or private key.';
  if (importKind(text) === 'privateKey') return privateKeyError(text);
  const count = text.trim().split(/\s+/).length;
  if (!PHRASE_WORD_COUNTS.includes(count)) return `A recovery phrase is 12, 15, 18, 21 or 24 words; this has ${count}.`;
  return undefined;
}

/** A secp256k1 private key as 64 hex digits, with or without 0x. */
export function privateKeyError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Paste the private key to import.';
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(trimmed)) return 'A private key is 64 hexadecimal digits, optionally starting with 0x.';
  return undefined;
}
