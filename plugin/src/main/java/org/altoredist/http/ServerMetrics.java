package org.altoredist.http;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The server's metrics in the Prometheus text format ({@value Catalog#METRICS_PATH}, alto-http.md
 * §4.9), written by Prometheus' client library from the counts the server keeps anyway (every
 * metric is a callback: nothing is counted twice). Requests, 304s and errors (503 among them) per
 * resource; versions published and their sequences; the upstream's health for a gateway; and what
 * the server can know of the requests redistribution saved it ({@link ClientTally}).
 */
final class ServerMetrics {

  /** The text exposition format 0.0.4, which every Prometheus server scrapes. */
  static final String MEDIA_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  private static final String DIRECTORY_LABEL = "(root IRD)";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  ServerMetrics(Supplier<ServerStats> stats, Publication publication, ClientTally tally) {
    counter("altoredist_requests", "GETs of a resource's body (full or 304), its signature and its deltas", cb ->
        stats.get().resources().forEach((k, r) -> {
          cb.call(r.requests(), label(k), "body");
          cb.call(r.signatureRequests(), label(k), "signature");
          cb.call(r.deltaRequests(), label(k), "delta");
        }), "resource", "representation");
    counter("altoredist_not_modified", "GETs of a resource's body answered 304 Not Modified",
        cb -> stats.get().resources().forEach((k, r) -> cb.call(r.notModified(), label(k))), "resource");
    counter("altoredist_sent_bytes", "Body, signature and delta bytes sent",
        cb -> stats.get().resources().forEach((k, r) -> cb.call(r.bytes(), label(k))), "resource");
    counter("altoredist_http_errors", "Error answers by status; 503 are requests shed beyond workers + queue",
        cb -> stats.get().errors().forEach((status, n) -> cb.call(n, Integer.toString(status))), "status");
    gauge("altoredist_in_flight_requests", "Requests admitted and not yet answered",
        cb -> cb.call(stats.get().inFlight()));
    counter("altoredist_versions_published", "Versions signed under a new sequence: new content and renewals",
        cb -> publication.versionsPublished().forEach((k, n) -> cb.call(n, label(k))), "resource");
    gauge("altoredist_sequence", "The sequence of the version served now", cb -> {
      Snapshot s = publication.current();
      if (s != null) {
        s.resources().forEach((k, v) -> cb.call(v.descriptor().sequence(), label(k)));
      }
    }, "resource");
    gauge("altoredist_clients_known", "Client addresses that fetched any version of the resource (at most "
        + ClientTally.MAX_CLIENTS + ")", cb -> tally.saved().forEach((k, v) -> cb.call(v.known(), label(k))), "resource");
    gauge("altoredist_redistribution_saved_requests", "Known clients that have not asked for the version served now: "
        + "each would have, without redistribution", cb -> tally.saved().forEach((k, v) -> cb.call(v.current(), label(k))),
        "resource");
    counter("altoredist_redistribution_saved_requests_settled", "The same count for every replaced version, at its "
        + "replacement", cb -> tally.saved().forEach((k, v) -> cb.call(v.total(), label(k))), "resource");
    upstream(publication);
  }

  /** A gateway's upstream: whether the latest poll was clean, how stale the service is, what was refused. */
  private void upstream(Publication publication) {
    if (publication.config().upstream() == null) {
      return;
    }
    gauge("altoredist_upstream_healthy", "1 when the latest poll of the upstream refused nothing",
        cb -> cb.call(publication.upstreamStatus().healthy() ? 1 : 0));
    gauge("altoredist_upstream_stale_seconds", "Seconds since the upstream last confirmed the version served", cb -> {
      UpstreamStatus u = publication.upstreamStatus();
      if (u.confirmed() != null) {
        cb.call(u.staleness(publication.config().clock().instant()).toMillis() / 1000.0);
      }
    });
    counter("altoredist_upstream_polls", "Polls of the upstream", cb -> cb.call(publication.upstreamStatus().polls()));
    counter("altoredist_upstream_failed_polls", "Polls that refused something",
        cb -> cb.call(publication.upstreamStatus().failedPolls()));
    counter("altoredist_upstream_refusals", "Upstream answers refused, by reason", cb -> {
      for (Map.Entry<UpstreamRefusal.Reason, Long> e : publication.upstreamStatus().refusals().entrySet()) {
        cb.call(e.getValue(), e.getKey().name());
      }
    }, "reason");
  }

  private void counter(String name, String help, Consumer<CounterWithCallback.Callback> cb, String... labels) {
    CounterWithCallback.builder().name(name).help(help).labelNames(labels).callback(cb).register(registry);
  }

  private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> cb, String... labels) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(cb).register(registry);
  }

  private static String label(String key) {
    return key.isEmpty() ? DIRECTORY_LABEL : key;
  }

  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }
}
