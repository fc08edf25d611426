import { spawn, type ChildProcess } from 'node:child_process';

/** A command-line tool that failed: its name, exit code and the end of what it wrote on stderr. */
export class ToolFailed extends Error {
  override name = 'ToolFailed';
}

export interface ToolOptions {
  env?: NodeJS.ProcessEnv;
  /** 'pipe' to write to the tool's stdin; else it reads nothing. */
  stdin?: 'pipe' | 'ignore';
  /** false when the caller reads stdout itself (a stream piped into another tool); else it is kept and returned. */
  keepStdout?: boolean;
}

/** Starts a tool; `finished` resolves with its stdout once it exits 0, else rejects with ToolFailed. */
export function startTool(command: string, args: string[], options: ToolOptions = {}): { child: ChildProcess; finished: Promise<string> } {
  const child = spawn(command, args, { stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  if (options.keepStdout !== false) child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const finished = new Promise<string>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ToolFailed(error.code === 'ENOENT' ? `${command} is not installed (it comes with PostgreSQL's client tools)` : `${command}: ${error.message}`),
      ),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString());
      else reject(new ToolFailed(`${command} failed (${signal ?? `exit ${code}`}): ${Buffer.concat(stderr).toString().trim().slice(-2_000)}`));
    });
  });
  // Awaited by the caller; a rejection seen first elsewhere (the other end of a pipe) must not count as unhandled.
  finished.catch(() => undefined);
  return { child, finished };
}

export const runTool = (command: string, args: string[], options: ToolOptions = {}) => startTool(command, args, options).finished;
