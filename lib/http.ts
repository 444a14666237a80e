import { Agent, request } from 'undici';

/**
 * How long an internal call may wait, unless the caller says otherwise: to connect; for the
 * answer's headers (the subgraph answers once it has executed the operation); and between two
 * chunks of its body. A connection that went silent fails the call instead of holding it.
 */
export const HTTP_TIMEOUTS = { connectMs: 5_000, headersMs: 30_000, bodyMs: 30_000 };

/**
 * The HTTP client of the distributed topology's internal calls (gateway → subgraph, channel →
 * registry): undici's `request` over one keep-alive agent per process. Node's `fetch` is the same
 * undici underneath, wrapped in WHATWG streams, a Request, a Response and an AbortSignal per call:
 * that wrapping was two thirds of a small call (0.37–0.51 against 0.10–0.20 ms per call, client
 * and server CPU together, in a loopback loop of 3,000 calls).
 * Bodies are read whole as text: every answer here is one JSON document.
 */
const agent = new Agent({
  keepAliveTimeout: 60_000,
  connectTimeout: HTTP_TIMEOUTS.connectMs,
  headersTimeout: HTTP_TIMEOUTS.headersMs,
  bodyTimeout: HTTP_TIMEOUTS.bodyMs,
});

export interface TextAnswer {
  status: number;
  /** As undici gives them (lower-case names); `toHeaders` when a WHATWG Headers is needed. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface PostOptions {
  /** Abandons the call (connection, headers or body still awaited) when aborted. */
  signal?: AbortSignal;
  /** Waits for the headers and between body chunks at most this long instead of `HTTP_TIMEOUTS` (0: no limit). */
  timeoutMs?: number;
}

/** POST `body` to `url`; the answer's status, headers and body text, whatever the status. */
export async function post(url: string, headers: Record<string, string>, body: string, opts: PostOptions = {}): Promise<TextAnswer> {
  const answer = await request(url, {
    method: 'POST',
    headers,
    body,
    dispatcher: agent,
    signal: opts.signal,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}

export function toHeaders(raw: TextAnswer['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/**
 * POST `body` to `url` and read the answer as a stream (a streamed export, lib/export.ts): the
 * status and the body, which undici gives chunk by chunk; between two chunks it waits at most
 * `HTTP_TIMEOUTS.bodyMs`.
 */
export async function postForStream(url: string, headers: Record<string, string>, body: string, opts: PostOptions = {}) {
  const answer = await request(url, { method: 'POST', headers, body, dispatcher: agent, signal: opts.signal });
  return { status: answer.statusCode, body: answer.body };
}
