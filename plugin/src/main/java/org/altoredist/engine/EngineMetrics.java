package org.altoredist.engine;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * An engine's statistics as Prometheus metrics, for a client to expose beside its own (the ALTO
 * server's are at its {@code metrics} path). Every metric reads {@link EngineStats} when scraped;
 * nothing is counted twice.
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
 * EngineMetrics.register(registry, plugin::stats, plugin::held);      // or engine::stats, engine::held
 * HTTPServer.builder().port(9400).registry(registry).buildAndStart(); // prometheus-metrics-exporter-httpserver
 * }</pre>
 */
public final class EngineMetrics {

  private EngineMetrics() {}

  /**
   * Registers the engine's metrics, named {@code altoredist_engine_*}.
   *
   * @param stats the engine's statistics now, or null while it is not running (nothing is reported then)
   * @param held the versions it holds now
   */
  public static void register(PrometheusRegistry registry, Supplier<EngineStats> stats,
      Supplier<List<HeldResource>> held) {
    counter(registry, stats, "altoredist_engine_server_requests", "Fetches sent to the ALTO server",
        EngineStats::serverRequests);
    counter(registry, stats, "altoredist_engine_server_failures", "Server fetches that failed or brought nothing usable",
        EngineStats::serverFailures);
    counter(registry, stats, "altoredist_engine_installed", "Versions installed, from any source", EngineStats::installed);
    counter(registry, stats, "altoredist_engine_installed_from_peers", "Versions installed that peers delivered",
        EngineStats::installedFromPeers);
    counter(registry, stats, "altoredist_engine_refused", "Bundles refused after download", EngineStats::refused);
    counter(registry, stats, "altoredist_engine_pieces_received", "Pieces received in answer to a request",
        EngineStats::piecesReceived);
    counter(registry, stats, "altoredist_engine_received_bytes", "Piece bytes received", EngineStats::payloadBytesReceived);
    counter(registry, stats, "altoredist_engine_duplicate_pieces", "Pieces that had already come from another peer",
        EngineStats::duplicatePieces);
    counter(registry, stats, "altoredist_engine_pieces_served", "Pieces sent to peers", EngineStats::piecesServed);
    counter(registry, stats, "altoredist_engine_request_timeouts", "Piece requests given up on",
        EngineStats::requestTimeouts);
    counter(registry, stats, "altoredist_engine_peers_dropped", "Peers disconnected and banned for misbehaving",
        EngineStats::peersDropped);
    counter(registry, stats, "altoredist_engine_deltas_applied", "Versions rebuilt from a held version and a delta",
        EngineStats::deltasApplied);
    GaugeWithCallback.builder().name("altoredist_engine_peers_connected").help("ar_alto links open now")
        .callback(cb -> {
          EngineStats s = stats.get();
          if (s != null) {
            cb.call(s.peersConnected());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("altoredist_engine_held_sequence")
        .help("The sequence of each version held, by service and resource").labelNames("service", "resource")
        .callback(cb -> {
          for (HeldResource h : held.get()) {
            cb.call(h.sequence(), h.service(), h.resourceId() == null ? "(root IRD)" : h.resourceId());
          }
        }).register(registry);
  }

  private static void counter(PrometheusRegistry registry, Supplier<EngineStats> stats, String name, String help,
      ToLongFunction<EngineStats> value) {
    CounterWithCallback.builder().name(name).help(help).callback(cb -> {
      EngineStats s = stats.get();
      if (s != null) {
        cb.call(value.applyAsLong(s));
      }
    }).register(registry);
  }
}
