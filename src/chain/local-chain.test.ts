import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { startLocalChain } from './local-chain';

it('listens on the port asked for', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
  const chain = await startLocalChain({ port });
  try {
    expect(chain.rpcUrl).toBe(`http://127.0.0.1:${port}`);
  } finally {
    await chain.stop();
  }
});
