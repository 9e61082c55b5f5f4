// Only the constants module: this file runs in the page-world fetch wrapper, where pulling in
// viem (through the protocol index) would break the 5 KB budget.
import { RECEIPT_EVENT, RECEIPT_SIGNATURE_FIELD } from '../protocol/constants';

const LF = 0x0a;
const CR = 0x0d;
/**
 * An event is held back until its blank line, since SSE fields may come in any order and only
 * the whole event shows whether it is the receipt. Consumers dispatch events at the blank line
 * anyway, so holding costs them nothing. Receipts are at most 4 KB; an event past this size
 * cannot be one and flows through unheld for the rest of its length.
 */
export const MAX_HELD_EVENT_BYTES = 8192;

type Route = 'emit' | 'hold' | 'drop';

/**
 * Passes a server-sent-event body through, removing the `voucher-receipt` event and handing its
 * data (data lines joined by "\n") and the vendor's signature field, if any, to `onReceipt`. Works on bytes, so chunk boundaries may fall
 * anywhere (inside a line, a multi-byte character or a CRLF): line ends are the only bytes it
 * looks for, and UTF-8 never uses CR or LF inside a character.
 */
export function createSseReceiptFilter(onReceipt: (data: string, signature: string | null) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let held: Uint8Array[] = [];
  let heldSize = 0;
  /** The current event outgrew MAX_HELD_EVENT_BYTES: its bytes flow straight through. */
  let passing = false;
  let isReceipt = false;
  let dataLines: string[] = [];
  let signature: string | null = null;
  /** The current line's bytes (kept only while its event is held) and its length. */
  let line: Uint8Array[] = [];
  let lineLength = 0;
  /** The previous chunk ended in CR; an LF first in this chunk completes that line end. */
  let pendingCR = false;
  let crRoute: Route = 'emit';

  const emitHeld = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (heldSize > 0) controller.enqueue(concat(held, heldSize));
    held = [];
    heldSize = 0;
  };

  /** Sends bytes of the current event where they go; returns where that was. */
  const route = (bytes: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>): Route => {
    if (passing) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      return 'emit';
    }
    held.push(bytes);
    heldSize += bytes.byteLength;
    if (heldSize > MAX_HELD_EVENT_BYTES && !isReceipt) {
      emitHeld(controller);
      passing = true;
      line = [];
      return 'emit';
    }
    return 'hold';
  };

  const parseLine = (text: string) => {
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') isReceipt = value === RECEIPT_EVENT;
    else if (field === 'data') dataLines.push(value);
    else if (field === RECEIPT_SIGNATURE_FIELD) signature = value;
  };

  const takeLine = (): string | undefined => {
    const text = passing ? undefined : decoder.decode(concat(line, lineLength));
    line = [];
    lineLength = 0;
    return text;
  };

  /** The blank line: the event goes through, or is the receipt and goes to onReceipt. */
  const endEvent = (controller: TransformStreamDefaultController<Uint8Array>, terminator: Uint8Array): Route => {
    let decided: Route;
    if (isReceipt && !passing) {
      onReceipt(dataLines.join('\n'), signature);
      decided = 'drop';
    } else {
      route(terminator, controller);
      emitHeld(controller);
      decided = 'emit';
    }
    held = [];
    heldSize = 0;
    passing = false;
    isReceipt = false;
    dataLines = [];
    signature = null;
    return decided;
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let start = 0;
      for (let i = 0; i < chunk.byteLength; i++) {
        const byte = chunk[i]!;
        if (pendingCR) {
          pendingCR = false;
          if (byte === LF) {
            if (crRoute === 'emit') controller.enqueue(chunk.subarray(i, i + 1));
            else if (crRoute === 'hold') route(chunk.subarray(i, i + 1), controller);
            start = i + 1;
            continue;
          }
        }
        if (byte !== LF && byte !== CR) continue;
        const end = byte === CR && i + 1 < chunk.byteLength && chunk[i + 1] === LF ? i + 2 : i + 1;
        const content = chunk.subarray(start, i);
        if (lineLength + content.byteLength === 0) {
          crRoute = endEvent(controller, chunk.subarray(i, end));
        } else {
          if (!passing) line.push(content);
          lineLength += content.byteLength;
          crRoute = route(chunk.subarray(start, end), controller);
          const text = takeLine();
          if (text !== undefined) parseLine(text);
        }
        pendingCR = byte === CR && end === i + 1;
        i = end - 1;
        start = end;
      }
      if (start < chunk.byteLength) {
        const rest = chunk.subarray(start);
        if (!passing) line.push(rest);
        lineLength += rest.byteLength;
        route(rest, controller);
      }
    },
    flush(controller) {
      // An unterminated last line still counts; then the unfinished event is decided.
      if (lineLength > 0) {
        const text = takeLine();
        if (text !== undefined) parseLine(text);
      }
      if (isReceipt && !passing) onReceipt(dataLines.join('\n'), signature);
      else emitHeld(controller);
    },
  });
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
