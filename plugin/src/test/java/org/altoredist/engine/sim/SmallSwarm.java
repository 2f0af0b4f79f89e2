package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.WireLimits;

/**
 * A few engines on the simulation's in-memory network, in virtual time, for tests that script one
 * situation node by node instead of running a whole {@link Simulation}: one round is 100 ms, one
 * piece per link per round, and the signing server as the fallback.
 */
final class SmallSwarm {

  /** Honest nodes wait this long for peers before asking the server: far beyond these tests' scripts. */
  static final Duration FALLBACK = Duration.ofSeconds(120);

  final long seed;
  final int pids;
  final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  final InMemoryNetwork network;
  final SimulatedAltoServer server;
  private final InMemoryRendezvous rendezvous;
  private final TrustPolicy trust;
  private final BundleCache cache = new BundleCache();

  SmallSwarm(long seed, int pids) {
    this.seed = seed;
    this.pids = pids;
    this.network = new InMemoryNetwork(loop, Duration.ofMillis(100), WireLimits.PIECE_SIZE, seed);
    this.rendezvous = new InMemoryRendezvous(8, seed);
    this.server = new SimulatedAltoServer(Simulation.SERVICE, loop.clock(), seed);
    this.trust = server.trustPolicy(loop.clock());
  }

  /** Node {@code i}'s address, as the simulation lays nodes out over the PIDs. */
  InetSocketAddress address(int i) {
    return Simulation.address(i, pids);
  }

  /** Starts node {@code i}: it joins the simulation's torrent and waits for peers before the server. */
  RedistributionEngine engine(int i) {
    InetSocketAddress a = address(i);
    RedistributionEngine e = RedistributionEngine.builder().use(trust).localAddresses(List.of(a.getAddress()))
        .transport(network.attach(a)).discovery(rendezvous).serverFallback(server, FALLBACK, 0.5)
        .peers(4, 8).tick(Duration.ofMillis(100)).resourceRendezvous(false).loop(loop)
        .random(new SplittableRandom(seed * 1_000_003L + i)).cache(cache).build();
    e.start();
    e.join(Simulation.TORRENT);
    return e;
  }

  /** Runs the loop one round on. */
  void round() {
    loop.runUntil(loop.nanoTime() + network.roundNanos(), () -> true);
  }

  /** Whether {@code e} holds sequence {@code sequence} of the network map. */
  static boolean holdsNetworkMap(RedistributionEngine e, long sequence) {
    return e.held().stream().anyMatch(h -> MapMaker.NETWORK_MAP_ID.equals(h.resourceId()) && h.sequence() == sequence);
  }
}
