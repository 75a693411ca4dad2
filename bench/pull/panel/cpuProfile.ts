import * as fs from 'node:fs/promises';
import { Session } from 'node:inspector';

/**
 * With PUSHPULL_BENCH_CPUPROF=<file>, profiles the extension host around `action` and writes a .cpuprofile there
 * (open it in Chrome DevTools or VS Code); without it, only runs `action`. Profiling slows what it watches: the
 * figures of a profiled round are not the benchmark's.
 */
export async function profiled<T>(action: () => Promise<T>): Promise<T> {
  const target = process.env.PUSHPULL_BENCH_CPUPROF;
  if (!target) return action();
  const session = new Session();
  session.connect();
  const call = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 200 });
    await call('Profiler.start');
    const result = await action();
    const { profile } = (await call('Profiler.stop')) as { profile: unknown };
    await fs.writeFile(target, JSON.stringify(profile));
    console.log(`[bench] CPU profile of the extension host written to ${target}`);
    return result;
  } finally {
    session.disconnect();
  }
}
