import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresForTests {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL for tests and benchmarks: DATABASE_URL when set, else a throwaway cluster in a temp dir on a
 * free port. Root cannot run postgres, so as root the cluster runs as the `postgres` user.
 * Resolves to a reason string when neither is possible, so the caller can skip and say why.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<PostgresForTests | string> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) return `no PostgreSQL binaries at ${POSTGRES_BIN} and no DATABASE_URL`;
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);
  const dir = await mkdtemp(join(tmpdir(), 'vendor-pg-'));
  const data = join(dir, 'data');
  try {
    if (asRoot) {
      await chmod(dir, 0o777);
      await run('id', ['postgres']).catch(() => {
        throw new Error('running as root and there is no postgres user to run the server');
      });
    }
    const port = await freePort();
    const [initdb, initArgs] = as(join(POSTGRES_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await run(initdb, [...initArgs]);
    const [pgctl, ctlArgs] = as(join(POSTGRES_BIN, 'pg_ctl'), [
      '-D', data, '-l', join(dir, 'log'), '-w', '-t', '30',
      // Tests need no durability; a benchmark does (options.durable), so commits wait for the disk.
      '-o', `-p ${port} -h 127.0.0.1 -k ${dir}${options.durable ? '' : ' -c fsync=off'} -c max_connections=50`,
      'start',
    ]);
    await run(pgctl, [...ctlArgs]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        const [stopCmd, stopArgs] = as(join(POSTGRES_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        await run(stopCmd, [...stopArgs]).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return `could not start a throwaway PostgreSQL: ${(error as Error).message}`;
  }
}

