import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../lib/server.js';

export interface AdmissionOptions {
  /** GraphQL requests executed at once. */
  concurrency: number;
  /** Requests waiting their turn at most; one more is refused at once. */
  queue: number;
  /** A request waiting longer than this (ms) is refused. */
  queueTimeoutMs: number;
}

/** Seconds a refused client is told to wait before trying again (`Retry-After`). */
export const RETRY_AFTER_S = 1;

/**
 * At most `concurrency` GraphQL requests are executed at once; the others wait their turn, first
 * in first out. The work is CPU-bound on few cores: 64 national pictures interleaved take no less
 * time than 16 at a time, but hold four times the memory (several GiB at the national scale).
 * The wait is bounded too: a full queue refuses a request at once, and a request that waited
 * `queueTimeoutMs` leaves the queue; both answer 503 with `Retry-After`. Only requests whose body
 * has been read come here (see `gateway.ts`), so a slow client holds neither a slot nor a place.
 */
export function admission(opts: AdmissionOptions) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const refuse = (res: Response, message: string, extensions: Record<string, unknown>) => {
    res.set('retry-after', String(RETRY_AFTER_S));
    sendError(res, 503, message, { code: 'SERVICE_UNAVAILABLE', ...extensions });
  };
  const handler = (_req: Request, res: Response, next: NextFunction) => {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    let timer: NodeJS.Timeout | undefined;
    const leaveQueue = () => {
      const at = waiting.indexOf(start);
      if (at >= 0) waiting.splice(at, 1);
      clearTimeout(timer);
    };
    function start() {
      clearTimeout(timer);
      state = 'running';
      next();
    }
    // A finished request frees its slot; a client gone while waiting leaves the queue.
    const finish = () => {
      if (state === 'running') release();
      else if (state === 'waiting') leaveQueue();
      state = 'done';
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (running < opts.concurrency) {
      running++;
      start();
    } else if (waiting.length >= opts.queue) {
      state = 'done';
      refuse(res, `the gateway is busy: ${opts.concurrency} requests are running and ${waiting.length} waiting, the most it queues`, {
        limit: 'queue',
        maximum: opts.queue,
      });
    } else {
      waiting.push(start);
      timer = setTimeout(() => {
        leaveQueue();
        state = 'done';
        refuse(res, `the gateway is busy: this request waited ${opts.queueTimeoutMs} ms for its turn, the longest it waits`, {
          limit: 'queueTimeout',
          maximum: opts.queueTimeoutMs,
        });
      }, opts.queueTimeoutMs);
    }
  };
  /** Requests running and waiting now (the metrics read them). */
  return Object.assign(handler, { running: () => running, waiting: () => waiting.length });
}
