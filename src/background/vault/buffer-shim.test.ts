import { describe, expect, it } from 'vitest';
import { BytesBuffer } from './buffer-shim';

describe('BytesBuffer (the Buffer subset browser-passworder uses)', () => {
  it('matches Node Buffer for utf-8 and base64 round trips', () => {
    for (const text of ['', 'password1', 'pässwörd ✓ 🔑', 'a'.repeat(1000)]) {
      expect(BytesBuffer.from(text, 'utf-8').toString('base64')).toBe(Buffer.from(text, 'utf-8').toString('base64'));
      const b64 = Buffer.from(text).toString('base64');
      expect(BytesBuffer.from(b64, 'base64').toString('utf-8')).toBe(text);
    }
    const bytes = new Uint8Array([0, 255, 128, 7]);
    expect(BytesBuffer.from(bytes.buffer).toString('base64')).toBe(Buffer.from(bytes).toString('base64'));
    expect(() => BytesBuffer.from('x', 'hex')).toThrow(TypeError);
  });
});
