import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { METRICS_NAMESPACE, type MetricSpec } from '../../config/metrics';
import type { Metrics as MetricsPort } from '../domain/escalation/ports';

/**
 * CloudWatch metrics shared by the handlers that record some (embedded metric format through Powertools). Kept
 * apart from escalation-ports.ts so a handler that only needs the namespace does not bundle the SNS and SES clients.
 */

// The names and dimensions live in config/metrics.ts, which the alarms and the dashboard read too.
export { METRICS_NAMESPACE };

/**
 * Flushes the invocation's metrics after the handler, only when there are some. Powertools' own middleware warns
 * on every invocation that records none (most link-page views and most steps), which is noise in every log.
 */
export function publishMetrics(metrics: Metrics): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}

/**
 * Emits `value` of the metric `spec` right away, with its one extra dimension when it has one (a single-metric EMF
 * line, so the dimension does not spread to the invocation's other metrics); Powertools adds `service`.
 */
export function emitMetric(metrics: Metrics, spec: MetricSpec, value: number, dimensionValue?: string): void {
  const unit = spec.unit === 'Milliseconds' ? MetricUnit.Milliseconds : MetricUnit.Count;
  const single = metrics.singleMetric();
  if (spec.dimension) {
    if (dimensionValue === undefined) throw new Error(`metric ${spec.name} needs its '${spec.dimension.name}' dimension`);
    single.addDimension(spec.dimension.name, dimensionValue);
  }
  single.addMetric(spec.name, unit, value);
}

/**
 * The domain's metrics port over Powertools Metrics: a count or a duration, with optional dimensions (emitted as
 * its own EMF line, so a dimension does not spread to the invocation's other metrics).
 */
export function metricsPort(metrics: Metrics): MetricsPort {
  return {
    record(name, value, unit = 'Count', dimensions) {
      const u = unit === 'Milliseconds' ? MetricUnit.Milliseconds : MetricUnit.Count;
      if (!dimensions) {
        metrics.addMetric(name, u, value);
        return;
      }
      const single = metrics.singleMetric();
      for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
      single.addMetric(name, u, value);
    },
  };
}
