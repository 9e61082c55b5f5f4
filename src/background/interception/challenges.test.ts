import { describe, expect, it } from 'vitest';
import { FakeStorageArea } from '../testing/fake-platform';
import { Challenges, type Challenge } from './challenges';

const PAGE = 'http://127.0.0.1:3000';

function challenge(vendorOrigin: string, ref: string): Challenge {
  return { ref, tabId: 7, initiator: PAGE, url: `${vendorOrigin}/api/x`, method: 'GET', at: Date.now(), sentNewestNonce: null, status: 402 };
}

describe('Challenges.find', () => {
  it("waits for the browser's report of the asked URL's 402 rather than take another vendor's meanwhile", async () => {
    const challenges = new Challenges(new FakeStorageArea(), () => Date.now(), 1_000);
    await challenges.add(challenge('http://127.0.0.1:9001', 'a'));
    // The page asks about vendor B's 402 before the browser's report of it is stored.
    const found = challenges.find(7, PAGE, 'http://127.0.0.1:9002/api/x');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await challenges.add(challenge('http://127.0.0.1:9002', 'b'));
    expect((await found)?.ref).toBe('b');
  });

  it('once the wait is over, shows a page naming another URL the 402 that did answer it', async () => {
    const challenges = new Challenges(new FakeStorageArea(), () => Date.now(), 30);
    await challenges.add(challenge('http://127.0.0.1:9001', 'a'));
    const started = Date.now();
    expect((await challenges.find(7, PAGE, 'http://127.0.0.1:9999/api/trusted'))?.ref).toBe('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("finds the asked URL's 402 at once when it is there, and none of another tab or page", async () => {
    const challenges = new Challenges(new FakeStorageArea(), () => Date.now(), 30);
    await challenges.add(challenge('http://127.0.0.1:9001', 'a'));
    await challenges.add(challenge('http://127.0.0.1:9002', 'b'));
    expect((await challenges.find(7, PAGE, 'http://127.0.0.1:9001/api/x#part'))?.ref).toBe('a');
    expect(await challenges.find(8, PAGE, 'http://127.0.0.1:9001/api/x')).toBeNull();
    expect(await challenges.find(7, 'http://127.0.0.1:4000', 'http://127.0.0.1:9001/api/x')).toBeNull();
  });
});
