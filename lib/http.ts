import { Agent, request } from 'undici';

/**
 * The HTTP client of the distributed topology's internal calls (gateway → subgraph, channel →
 * registry): undici's `request` over one keep-alive agent per process. Node's `fetch` is the same
 * undici underneath, wrapped in WHATWG streams, a Request, a Response and an AbortSignal per call:
 * that wrapping was two thirds of a small call (0.37–0.51 against 0.10–0.20 ms per call, client
 * and server CPU together, in a loopback loop of 3,000 calls).
 * Bodies are read whole as text: every answer here is one JSON document.
 */
const agent = new Agent({ keepAliveTimeout: 60_000 });

export interface TextAnswer {
  status: number;
  /** As undici gives them (lower-case names); `toHeaders` when a WHATWG Headers is needed. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** POST `body` to `url`; the answer's status, headers and body text, whatever the status. */
export async function post(url: string, headers: Record<string, string>, body: string): Promise<TextAnswer> {
  const answer = await request(url, { method: 'POST', headers, body, dispatcher: agent });
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
