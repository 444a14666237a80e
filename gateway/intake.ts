import express, { type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { sendError } from '../lib/server.js';

/**
 * At most `limit` requests per `windowMs` from one client: the subject of its verified token
 * (`subjectOf`), else its address. More answer 429 with `Retry-After` (the seconds until the
 * window frees) and a GraphQL-shaped JSON error, before their body is read.
 */
export function perClientRateLimit(opts: { limit: number; windowMs: number }, subjectOf: (res: Response) => string | null): RequestHandler {
  return rateLimit({
    limit: opts.limit,
    windowMs: opts.windowMs,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const subject = subjectOf(res);
      return subject ? `sub:${subject}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, res) =>
      sendError(res, 429, `too many requests: at most ${opts.limit} every ${opts.windowMs / 1000} s from one client`, {
        code: 'RATE_LIMITED',
        limit: 'rate',
        maximum: opts.limit,
        windowMs: opts.windowMs,
      }),
  });
}

/**
 * The JSON body, read whole before the request queues for a slot: at most `maxBytes` (more is
 * 413, from `jsonBodyErrors` in lib/server.ts), within `timeoutMs` of its start. A body still
 * arriving then answers 408 and its connection is closed: a client sending a byte now and then
 * holds no slot, no place in the queue and, after `timeoutMs`, no connection.
 */
export function readBody(opts: { maxBytes: number; timeoutMs: number }): RequestHandler {
  const parse = express.json({ limit: opts.maxBytes });
  return (req, res, next) => {
    const timer = setTimeout(() => {
      res.set('connection', 'close');
      sendError(res, 408, `the request body did not arrive within ${opts.timeoutMs} ms`, {
        code: 'TIMEOUT',
        limit: 'bodyTimeout',
        maximum: opts.timeoutMs,
      });
    }, opts.timeoutMs);
    parse(req, res, (error?: unknown) => {
      clearTimeout(timer);
      if (!res.headersSent) next(error);
    });
  };
}
