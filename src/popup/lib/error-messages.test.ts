import { describe, expect, it } from 'vitest';
import { MessageError } from '../../messaging/reply';
import { ERROR_MESSAGES, errorText } from './error-messages';

describe('errorText', () => {
  it("shows the popup's text for a worker code, not the worker's wording", () => {
    expect(errorText(new MessageError('wrong_password', 'the password is wrong (worker)'))).toBe(ERROR_MESSAGES.wrong_password);
    expect(errorText(new MessageError('worker_unreachable', 'Could not establish connection'))).toBe(ERROR_MESSAGES.worker_unreachable);
  });

  it("adds the worker's detail where it tells the person what to fix", () => {
    expect(errorText(new MessageError('invalid_phrase_word', 'word 5 is not in the BIP-39 English word list'))).toBe(
      `${ERROR_MESSAGES.invalid_phrase_word} (word 5 is not in the BIP-39 English word list)`,
    );
    expect(errorText(new MessageError('invalid_phrase_checksum', 'detail'))).toBe(ERROR_MESSAGES.invalid_phrase_checksum);
  });

  it("shows any other error's own message, and a fallback for nothing useful", () => {
    expect(errorText(new Error('IndexedDB failed: quota'))).toBe('IndexedDB failed: quota');
    expect(errorText('offline')).toBe('offline');
    expect(errorText(undefined)).toBe('Something went wrong.');
  });
});
