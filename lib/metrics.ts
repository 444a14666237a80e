import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { operationLabel, outcomeOf, type RequestScope } from './telemetry.js';

/** Seconds: a small place picture takes milliseconds, the national one seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Operation names come from clients: past this many distinct ones, a new name is counted as
 * "other", so a client cannot grow the metrics without bound.
 */
const MAX_OPERATIONS = 200;

/**
 * A process's metrics, in the Prometheus text format (docs/operations.md): the requests it
 * served, their latency and SQL, and, on the gateway, its subgraph fetches, its admission queue,
 * its refusals by limit and the embedded hub's loading. Each server has its own registry, so
 * several in one process (the tests) do not mix.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  readonly requests = new Counter({
    name: 'bangfu_requests_total',
    help: 'GraphQL requests answered, by operation name and outcome (ok, or the first error code)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'bangfu_request_duration_seconds',
    help: 'Time from a GraphQL request received to its answer sent, by operation name',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly statements = new Counter({
    name: 'bangfu_sql_statements_total',
    help: 'SQL statements issued for GraphQL requests, by operation name',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly sqlSeconds = new Counter({
    name: 'bangfu_sql_seconds_total',
    help: 'Time SQL statements took for GraphQL requests (summed, so overlapping statements count each), by operation name',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly fetchLatency = new Histogram({
    name: 'bangfu_subgraph_fetch_duration_seconds',
    help: 'Time of each fetch from a subgraph, by subgraph',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly fetchErrors = new Counter({
    name: 'bangfu_subgraph_fetch_errors_total',
    help: 'Fetches that got no answer from a subgraph, by subgraph and reason',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'bangfu_rejections_total',
    help: 'Requests refused for a limit (docs/limits.md: depth, cost, queue, rate, body, …), by limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly loading = new Gauge({
    name: 'bangfu_seed_loading',
    help: 'Embedded hub: 1 while it loads its data, 0 once it serves the graph',
    registers: [this.registry],
  });
  readonly seedStep = new Gauge({
    name: 'bangfu_seed_step',
    help: 'Embedded hub: the seed step being loaded (from 1) and the number of steps to load',
    labelNames: ['of'] as const,
    registers: [this.registry],
  });
  readonly seedRows = new Gauge({
    name: 'bangfu_seed_rows',
    help: 'Embedded hub: rows the seed step being loaded has written',
    registers: [this.registry],
  });

  constructor(defaults = true) {
    // Process memory, CPU, event loop lag, heap spaces.
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }

  /** The metric label of an operation name, "other" once `MAX_OPERATIONS` names are known. */
  operation(name: string | null): string {
    const label = operationLabel(name);
    if (this.operations.has(label)) return label;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(label);
    return label;
  }

  /** A request that ended: its outcome, latency, SQL and the limits that refused it. */
  observe(scope: RequestScope, seconds: number): void {
    const operation = this.operation(scope.operation);
    this.requests.inc({ operation, outcome: outcomeOf(scope) });
    this.latency.observe({ operation }, seconds);
    if (scope.statements) {
      this.statements.inc({ operation }, scope.statements);
      this.sqlSeconds.inc({ operation }, scope.sqlMs / 1000);
    }
    for (const limit of scope.limits) this.rejections.inc({ limit });
  }

  /** A gauge read when scraped (the admission queue's length). */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}

/**
 * GET /metrics for whoever shows `Authorization: Bearer <token>`; anyone else, and everyone
 * when there is no token, is answered 404 as for a path that does not exist.
 */
export function metricsEndpoint(metrics: Metrics | undefined, token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (req, res, next) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (!metrics || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) return next();
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
