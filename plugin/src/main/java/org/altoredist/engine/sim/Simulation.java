package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireLimits;

/**
 * A swarm of engines on one {@link VirtualLoop}, deterministic from its seed. The nodes start,
 * find each other through the rendezvous and connect; then the {@link SimulatedAltoServer}
 * publishes each map version in turn, and one node, the seeder, asks it for the new version at
 * once (as a seeder that polls its server does); everyone else waits for peers, with a server
 * fallback far beyond the time propagation takes.
 *
 * <p>Shared between the simulated nodes, because they are immutable: the loop, the network, the
 * server's bundles, one {@link TrustPolicy} object and one {@link BundleCache} (so each distinct
 * bundle's bytes are held once, and its signature, certificate path, digest and body are checked
 * once). Every node still hashes the bytes it received, compares them with the claim, and runs
 * the verifier's per-node checks (freshness, scope, sequence) and its own claim checks.
 */
public final class Simulation {

  static final String SERVICE = "https://alto.isp.example/directory";
  static final InfoHash TORRENT = InfoHash.ofHex("5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e");
  /** A week: nothing expires during a run. */
  static final Duration LIFETIME = Duration.ofDays(7);
  /** Honest nodes wait this long for peers before asking the server: far beyond convergence. */
  static final Duration FALLBACK = Duration.ofSeconds(120);
  /** Rounds for the nodes to find and dial each other before the first version is published. */
  static final int CONNECT_ROUNDS = 20;
  static final int PORT = 6881;

  final SimulationConfig config;
  final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  final InMemoryNetwork network;
  final InMemoryRendezvous rendezvous;
  final SimulatedAltoServer server;
  final BundleCache cache = new BundleCache();
  final TrustPolicy trust;
  final List<RedistributionEngine> engines = new ArrayList<>();
  final List<SimNode> nodes = new ArrayList<>();
  final Hostiles hostiles;
  private final Consumer<String> timeline;
  private long spreading;

  /** @param timeline receives one line per round: how far the current version has spread */
  public Simulation(SimulationConfig config, Consumer<String> timeline) {
    this.config = config;
    this.timeline = timeline;
    this.network = new InMemoryNetwork(loop, config.round(),
        (long) config.uploadPiecesPerRound() * WireLimits.PIECE_SIZE, config.seed());
    this.rendezvous = new InMemoryRendezvous(2 * config.degree(), config.seed() + 1);
    this.server = new SimulatedAltoServer(SERVICE, loop.clock(), config.seed());
    this.trust = server.trustPolicy(loop.clock());
    this.hostiles = new Hostiles(this);
  }

  static InetSocketAddress address(int node, int pids) {
    return new InetSocketAddress(MapMaker.hostAddress(1 + node % pids, 1 + node / pids), PORT);
  }

  public SimulationResult run() {
    long wallStart = System.nanoTime();
    SimulationResult.Builder result = new SimulationResult.Builder(config);
    RendezvousKey key = RendezvousKey.forTorrent(TORRENT);
    for (int i = 0; i < config.nodes(); i++) {
      rendezvous.announce(key, address(i, config.pids()));
    }
    hostiles.attach(key);
    network.start();
    for (int i = 0; i < config.nodes(); i++) {
      startEngine(i);
    }
    hostiles.dial(key);
    runRounds(CONNECT_ROUNDS, () -> false);
    result.links(averageLinks());

    RedistributionEngine seeder = engines.get(0);
    for (int v = 1; v <= config.versions(); v++) {
      server.publish(MapMaker.make(config.pids(), config.mapBytes(), config.seed(), v, config.churn()), v, LIFETIME,
          RedistributionScope.SERVICE);
      long[] before = received();
      hostiles.published(v);
      long t0 = network.round();
      long requestsBefore = server.requests();
      seeder.refresh();
      long version = v;
      spreading = v;
      long seeded = runRounds(config.maxRounds(), () -> holds(seeder, version)) - t0;
      long all = runRounds(config.maxRounds(), () -> everyoneHolds(version)) - t0;
      long[] spent = received();
      for (int i = 0; i < spent.length; i++) {
        spent[i] -= before[i];
      }
      result.version(v, seeded, everyoneHolds(version) ? all : -1, server.requests() - requestsBefore,
          sizes(seeder, version), networkMapSize(seeder, version), SimulationResult.Spread.of(spent));
    }
    // Let late pieces and timeouts settle, so the faults' offenders have had their chance to be dropped.
    runRounds(hostiles.settleRounds(), () -> false);
    result.serverRequests(server.requests());
    result.traffic(engines.subList(1, engines.size()), nodes.subList(1, nodes.size()));
    result.offenders(hostiles.report());
    result.memory(SimulationResult.usedHeap(), loop.executed());
    result.ranking(Rankings.time(seeder, config.pids(), config.seed()));
    result.wallNanos(System.nanoTime() - wallStart);
    engines.forEach(RedistributionEngine::close);
    if (config.baseline()) {
      result.baseline(Baseline.run(config));
    }
    return result.build();
  }

  private RedistributionEngine startEngine(int i) {
    InetSocketAddress a = address(i, config.pids());
    SimNode node = network.attach(a);
    RedistributionEngine e = RedistributionEngine.builder()
        .use(trust)
        .localAddresses(List.of(a.getAddress()))
        .transport(node)
        .discovery(rendezvous)
        .serverFallback(server, FALLBACK, 0.5)
        .peers(config.degree(), 2 * config.degree())
        .tick(config.round())
        .resourceRendezvous(false)
        .loop(loop)
        .random(new SplittableRandom(config.seed() * 1_000_003L + i))
        .cache(cache)
        .build();
    e.start();
    e.join(TORRENT);
    engines.add(e);
    nodes.add(node);
    return e;
  }

  /** Runs whole rounds until {@code done} holds or {@code max} rounds passed; returns the round reached. */
  long runRounds(int max, java.util.function.BooleanSupplier done) {
    long end = network.round() + max;
    while (network.round() < end && !done.getAsBoolean()) {
      loop.runUntil(loop.nanoTime() + network.roundNanos(), () -> true);
      timeline.accept(timelineLine());
    }
    return network.round();
  }

  /** One line of the propagation timeline: who holds what of the version spreading now. */
  private String timelineLine() {
    int[] held = new int[3];
    for (RedistributionEngine e : engines) {
      for (HeldResource h : e.held()) {
        if (h.sequence() == spreading) {
          held[h.resourceId() == null ? 0 : h.resourceId().equals(MapMaker.NETWORK_MAP_ID) ? 1 : 2]++;
        }
      }
    }
    long queued = 0;
    for (SimNode n : nodes) {
      queued += n.queuedBytes();
    }
    return String.format("round %d: version %d held by %d (IRD) %d (network map) %d (cost map) of %d; %d KiB"
        + " waiting on uplinks", network.round(), spreading, held[0], held[1], held[2], engines.size(), queued / 1024);
  }

  private static boolean holds(RedistributionEngine e, long version) {
    int n = 0;
    for (HeldResource h : e.held()) {
      n += h.sequence() == version ? 1 : 0;
    }
    return n >= 3;
  }

  private boolean everyoneHolds(long version) {
    for (RedistributionEngine e : engines) {
      if (!holds(e, version)) {
        return false;
      }
    }
    return true;
  }

  /** Wire bytes each non-seeding node has received so far. */
  private long[] received() {
    long[] out = new long[nodes.size() - 1];
    for (int i = 1; i < nodes.size(); i++) {
      out[i - 1] = nodes.get(i).bytesReceived();
    }
    return out;
  }

  private static long networkMapSize(RedistributionEngine e, long version) {
    return e.held().stream().filter(h -> h.sequence() == version && MapMaker.NETWORK_MAP_ID.equals(h.resourceId()))
        .mapToLong(HeldResource::size).sum();
  }

  private static long sizes(RedistributionEngine e, long version) {
    return e.held().stream().filter(h -> h.sequence() == version).mapToLong(HeldResource::size).sum();
  }

  private double averageLinks() {
    long links = 0;
    for (SimNode n : nodes) {
      links += n.links.size();
    }
    return nodes.isEmpty() ? 0 : (double) links / nodes.size();
  }

  /** The discovery of hostile nodes: they dial like honest ones. */
  Discovery rendezvous() {
    return rendezvous;
  }
}
