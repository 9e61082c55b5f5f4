// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { PORT_EVENT, READY_EVENT, type PortRequest } from '../messaging/handshake';
import { connectPagePort } from './page-port';

/** The isolated bridge's side: offers a port (as bridge.iife.ts does) and answers on it. */
function bridgeSide(target: EventTarget) {
  const channel = new MessageChannel();
  const requests: PortRequest[] = [];
  channel.port1.onmessage = ({ data }: MessageEvent<PortRequest>) => {
    requests.push(data);
    channel.port1.postMessage({ id: data.id, reply: { ok: true, value: {} } });
  };
  const offer = () => !target.dispatchEvent(new MessageEvent(PORT_EVENT, { ports: [channel.port2], cancelable: true }));
  return { channel, requests, offer };
}

describe('page port', () => {
  it('wrapper first: asks answer no_bridge until the bridge offers its port, then connect and reach it', async () => {
    const target = new EventTarget();
    const page = connectPagePort(target);
    const connected = vi.fn();
    page.onConnect(connected);
    expect(await page.ask('page.hello', {})).toMatchObject({ ok: false, code: 'no_bridge' });
    const bridge = bridgeSide(target);
    expect(bridge.offer()).toBe(true); // taken: the event was cancelled
    expect(connected).toHaveBeenCalledOnce();
    expect(await page.ask('page.hello', {})).toEqual({ ok: true, value: {} });
    expect(bridge.requests).toEqual([{ id: 0, type: 'page.hello', input: {} }]);
    expect(bridgeSide(target).offer()).toBe(false); // a second port (a page script's) is not taken
    bridge.channel.port1.close();
  });

  it('bridge first: its answer to the wrapper\'s ready completes the handoff at once', () => {
    const target = new EventTarget();
    const bridge = bridgeSide(target);
    target.addEventListener(READY_EVENT, () => bridge.offer());
    const page = connectPagePort(target);
    const connected = vi.fn();
    page.onConnect(connected);
    expect(connected).toHaveBeenCalledOnce();
    bridge.channel.port1.close();
  });
});
