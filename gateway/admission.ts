import type { NextFunction, Request, Response } from 'express';

/**
 * At most `limit` GraphQL requests are executed at once; the others wait their turn, first in
 * first out. The work is CPU-bound on few cores: 64 national pictures interleaved take no less
 * time than 16 at a time, but hold four times the memory (several GiB at the national scale).
 */
export function admission(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return (_req: Request, res: Response, next: NextFunction) => {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const start = () => {
      state = 'running';
      next();
    };
    // A finished request frees its slot; a client gone while waiting leaves the queue.
    const finish = () => {
      if (state === 'running') release();
      else if (state === 'waiting' && waiting.includes(start)) waiting.splice(waiting.indexOf(start), 1);
      state = 'done';
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (running < limit) {
      running++;
      start();
    } else {
      waiting.push(start);
    }
  };
}
