/**
 * Parent side of coediting-host.ts: fork a host, wait for 'ready', send it commands, stop it (killing it if its
 * close() hangs, so one stuck server cannot eat the 15-minute budget of `npm run bench`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { C3Cpu, C3Mem, C3Ready, C3Stats, HostArgs } from './coediting-host';

const HOST = fileURLToPath(new URL('./coediting-host.ts', import.meta.url));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`c3 host: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { type: string }) => m.type === type && done(null, m as T);
    const onExit = (code: number | null) => done(new Error(`c3 host exited (${code}) while waiting for '${type}'`));
    function done(err: Error | null, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export interface C3Host {
  ready: C3Ready;
  mem(): Promise<C3Mem>;
  stats(): Promise<C3Stats>;
  cpuStart(): Promise<void>;
  cpuStop(): Promise<C3Cpu>;
  stop(): Promise<{ graceful: boolean }>;
}

export async function startC3Host(args: HostArgs, timeoutMs = 180_000): Promise<C3Host> {
  const env = { ...process.env };
  delete env.YPERSISTENCE; // the host sets it itself when args.persist asks for it
  delete env.CALLBACK_URL;
  const child = fork(HOST, [JSON.stringify(args)], {
    // 4 GiB heap: part (b) keeps 1,000 dossiers of ~100 KB loaded at once.
    execArgv: ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  let ready: C3Ready;
  try {
    ready = await nextMessage<C3Ready>(child, 'ready', timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const call = <T>(cmd: string, type: string, ms = 60_000) => {
    const reply = nextMessage<T>(child, type, ms);
    child.send({ cmd });
    return reply;
  };
  return {
    ready,
    mem: () => call<C3Mem>('mem', 'mem'),
    stats: () => call<C3Stats>('stats', 'stats'),
    cpuStart: async () => void (await call('cpu-start', 'cpu-started')),
    cpuStop: () => call<C3Cpu>('cpu-stop', 'cpu'),
    async stop() {
      let graceful = false;
      if (child.connected && child.exitCode === null) {
        const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
        child.send({ cmd: 'stop' });
        graceful = await Promise.race([exited, sleep(8000).then(() => false)]);
      }
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(ready.dataDir, { recursive: true, force: true });
      return { graceful };
    }
  };
}
