import type { ChildProcess } from 'node:child_process';

/**
 * SIGKILLs a child after `ms` of wall time: the crash test's one use of the wall clock (when to kill
 * is the point of it). Lives here because tests may not call setTimeout. Returns a canceller.
 */
export function killAfter(child: ChildProcess, ms: number): () => void {
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return () => clearTimeout(timer);
}
