/**
 * @metamask/browser-passworder calls a global `Buffer` (it expects a browserify bundle), which a
 * service worker lacks. This is the little of Buffer it uses: from(utf-8 | base64 string | bytes)
 * and toString(utf-8 | base64). Installed only where no Buffer exists (Node keeps its own).
 */
class BytesBuffer extends Uint8Array {
  static override from(value: unknown, encoding?: unknown): BytesBuffer {
    if (typeof value === 'string') {
      if (encoding === 'base64') return new BytesBuffer(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
      if (encoding === undefined || encoding === 'utf-8' || encoding === 'utf8') return new BytesBuffer(new TextEncoder().encode(value));
      throw new TypeError(`unsupported encoding ${String(encoding)}`);
    }
    if (value instanceof ArrayBuffer) return new BytesBuffer(new Uint8Array(value));
    if (ArrayBuffer.isView(value)) return new BytesBuffer(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    throw new TypeError('unsupported Buffer.from input');
  }

  override toString(encoding?: string): string {
    if (encoding === 'base64') {
      let binary = '';
      for (const byte of this) binary += String.fromCharCode(byte);
      return btoa(binary);
    }
    return new TextDecoder().decode(this);
  }
}

export function installBufferShim(target: { Buffer?: unknown } = globalThis as { Buffer?: unknown }): void {
  target.Buffer ??= BytesBuffer;
}

export { BytesBuffer };
