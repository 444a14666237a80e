import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Record and export traces (OTLP over HTTP, JSON): @apollo/gateway's spans (gateway.request,
 * gateway.plan, gateway.fetch …), each subgraph's operation and its SQL statements, joined across
 * processes by the `traceparent` of every internal call. Loaded only when tracing is asked for
 * (`startTracingFromEnv` in lib/env.ts): without it the API's no-op tracer is all there is.
 * `url` is the collector's traces URL; left out, the exporter reads the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT (… /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS.
 */
export function startTracing(opts: { serviceName: string; url?: string }): { stop(): Promise<void> } {
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    traceExporter: new OTLPTraceExporter(opts.url ? { url: opts.url } : {}),
    // Traces only: the metrics are Prometheus's (/metrics), the log is pino's.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return { stop: () => sdk.shutdown() };
}
