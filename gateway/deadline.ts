import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { timeoutError } from '../lib/timeouts.js';

/**
 * When an operation must be answered by. Its subgraph calls race `signal`: when it fires, each
 * call still running is abandoned (an HTTP call is cancelled; an in-process execution is no
 * longer awaited) and no later call of the plan starts. Its statements are bounded by the
 * database's own `statement_timeout` and `lock_timeout` (lib/db.ts).
 */
export class Deadline {
  readonly signal: AbortSignal;
  /** Whether some subgraph call was abandoned: the operation then answers 504. */
  missed = false;
  constructor(readonly ms: number) {
    this.signal = AbortSignal.timeout(ms);
  }
  /** The error of a call abandoned at the deadline (and the record that one was). */
  exceeded(): GraphQLError {
    this.missed = true;
    return timeoutError(`the operation ran past its deadline of ${this.ms} ms`, 'deadline', this.ms);
  }
}

/**
 * `work()`, or the deadline's error when the deadline passes first (`giveUp` is called then: a
 * call shared with other operations is cancelled only when all have given up). Without a
 * deadline (health checks), `work()` alone.
 */
export function untilDeadline<T>(deadline: Deadline | undefined, work: () => Promise<T>, giveUp?: () => void): Promise<T> {
  if (!deadline) return work();
  if (deadline.signal.aborted) return Promise.reject(deadline.exceeded());
  return new Promise<T>((resolve, reject) => {
    const abandon = () => {
      reject(deadline.exceeded());
      giveUp?.();
    };
    deadline.signal.addEventListener('abort', abandon, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => deadline.signal.removeEventListener('abort', abandon));
  });
}

/**
 * An operation that missed its deadline answers HTTP 504 with one `TIMEOUT` error and no data:
 * what its calls had answered by then is not a picture of anything.
 */
export function deadlineAnswer(): ApolloServerPlugin<{ deadline?: Deadline }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const deadline = contextValue.deadline;
          if (!deadline?.missed) return;
          response.http.status = 504;
          const { message, extensions } = deadline.exceeded();
          response.body = { kind: 'single', singleResult: { errors: [{ message, extensions }] } };
        },
      };
    },
  };
}
