import { describe, expect, it } from 'vitest';
import { MessageError } from '../../messaging/reply';
import { ERROR_MESSAGES, errorText } from './error-messages';

describe('errorText', () => {
  it("shows the popup's text for a worker code, not the worker's wording", () => {
    expect(errorText(new MessageError('wrong_password', 'the password is wrong (worker)'))).toBe(ERROR_MESSAGES.wrong_password);
    expect(errorText(new MessageError('worker_unreachable', 'Could not establish connection'))).toBe(ERROR_MESSAGES.worker_unreachable);
  });

  it("shows any other error's own message, and a fallback for nothing useful", () => {
    expect(errorText(new Error('IndexedDB failed: quota'))).toBe('IndexedDB failed: quota');
    expect(errorText('offline')).toBe('offline');
    expect(errorText(undefined)).toBe('Something went wrong.');
  });
});
