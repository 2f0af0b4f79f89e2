package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;

/**
 * The comparison run: the same nodes, server and first map version, but no peers, so every node
 * gets its maps from the ALTO server. Its request count is the load redistribution removes.
 */
final class Baseline {

  private Baseline() {}

  /** The ALTO-server requests of {@code config.nodes()} nodes without redistribution, for one version. */
  static long run(SimulationConfig config) {
    VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
    InMemoryNetwork network = new InMemoryNetwork(loop, config.round(), Long.MAX_VALUE / 4, config.seed());
    SimulatedAltoServer server = new SimulatedAltoServer(Simulation.SERVICE, loop.clock(), config.seed());
    server.publish(MapMaker.make(config.pids(), config.mapBytes(), config.seed(), 1), 1, Simulation.LIFETIME,
        RedistributionScope.SERVICE);
    TrustPolicy trust = server.trustPolicy(loop.clock());
    BundleCache cache = new BundleCache();
    List<RedistributionEngine> engines = new ArrayList<>();
    for (int i = 0; i < config.nodes(); i++) {
      InetSocketAddress a = Simulation.address(i, config.pids());
      RedistributionEngine e = RedistributionEngine.builder().use(trust).localAddresses(List.of(a.getAddress()))
          .transport(network.attach(a)).discovery(Discovery.none()).serverFallback(server, Duration.ZERO, 0)
          .tick(config.round()).resourceRendezvous(false).loop(loop).random(new SplittableRandom(i)).cache(cache)
          .build();
      e.start();
      engines.add(e);
    }
    network.start();
    loop.runUntil(loop.nanoTime() + 20 * network.roundNanos(), () -> true);
    long requests = server.requests();
    engines.forEach(RedistributionEngine::close);
    return requests;
  }
}
