// Reads what `strace -f -o FILE` wrote about a process: its system calls in the order they happened.

/** One system call; `entry` and `exit` are line numbers (equal unless other calls came between). */
export interface Syscall {
  readonly pid: number;
  readonly name: string;
  /** Its arguments as strace printed them (strings escaped, cut at `-s` bytes). */
  readonly args: string;
  /** The return value; negative for an error, NaN when strace could not tell (`= ?`). */
  readonly result: number;
  /** The segment file the call's fd is open on (first argument), if it is one. */
  readonly segment: string | undefined;
  readonly entry: number;
  readonly exit: number;
}

// strace pads the pid column when pids differ in length.
const COMPLETE = /^(\d+) +(\w+)\((.*)\) += (-?\d+|\?)(?: .*)?$/;
const UNFINISHED = /^(\d+) +(\w+)\((.*) <unfinished \.\.\.>$/;
const RESUMED = /^(\d+) +<\.\.\. (\w+) resumed>(.*)\) += (-?\d+|\?)(?: .*)?$/;
/** Signals and exits: the only other lines there are. */
const OTHER = /^(\d+) +(---|\+\+\+) |^$/;
const SEGMENT = /^AT_FDCWD, "([^"]*\/hooks-\d+\.seg)"/;

/**
 * The calls in `trace` (written with `-f`): a call another thread interrupted is split by strace into an
 * `<unfinished ...>` line and a `<... resumed>` one, joined again here. The fd of each call is resolved to a
 * segment file as it was at the call's entry, from the `openat` and `close` calls before it.
 */
export function parseStrace(trace: string): Syscall[] {
  const calls: Syscall[] = [];
  const started = new Map<number, { name: string; args: string; entry: number; segment: string | undefined }>();
  const segments = new Map<number, string>();
  const segmentOf = (args: string): string | undefined => segments.get(Number(/^(\d+)(?:,|$)/.exec(args)?.[1]));
  const finish = (call: Syscall): void => {
    calls.push(call);
    const opened = call.name === 'openat' ? SEGMENT.exec(call.args) : null;
    if (opened && call.result >= 0) segments.set(call.result, opened[1] as string);
    if (call.name === 'close') segments.delete(Number(call.args));
  };
  trace.split('\n').forEach((line, at) => {
    let match = UNFINISHED.exec(line);
    if (match) {
      const [, pid, name, args] = match as unknown as [string, string, string, string];
      started.set(Number(pid), { name, args, entry: at, segment: segmentOf(args) });
      return;
    }
    match = RESUMED.exec(line);
    if (match) {
      const [, pid, name, rest, result] = match as unknown as [string, string, string, string, string];
      const begun = started.get(Number(pid));
      if (!begun || begun.name !== name) throw new Error(`strace line ${at} resumes a call it did not start: ${line}`);
      started.delete(Number(pid));
      finish({ pid: Number(pid), ...begun, args: begun.args + rest, result: Number(result), exit: at });
      return;
    }
    match = COMPLETE.exec(line);
    if (match) {
      const [, pid, name, args, result] = match as unknown as [string, string, string, string, string];
      finish({ pid: Number(pid), name, args, result: Number(result), segment: segmentOf(args), entry: at, exit: at });
      return;
    }
    if (!OTHER.test(line)) throw new Error(`strace line ${at} not understood: ${line.slice(0, 200)}`);
  });
  return calls;
}
