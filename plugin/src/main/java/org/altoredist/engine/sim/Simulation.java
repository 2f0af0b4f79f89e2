package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireLimits;

/**
 * A swarm of real engines on one {@link VirtualLoop}, deterministic from its seed: the full model.
 * The {@link Driver} brings nodes online and takes them away as the {@link Scenario} says; each
 * online node runs a {@link RedistributionEngine} on an in-memory {@link SimNode}, and finds others
 * through the {@link InMemoryRendezvous}. When the {@link SimulatedAltoServer} publishes a version,
 * one node, the seeder, asks it at once (as a seeder that polls its server does); everyone else
 * waits for peers, and a node that holds nothing asks the server after the fallback delay.
 *
 * <p>Shared between the simulated nodes, because they are immutable: the loop, the network, the
 * server's bundles, one {@link TrustPolicy} object and one {@link BundleCache} (so each distinct
 * bundle's bytes are held once, and its signature, certificate path, digest and body are checked
 * once). Every node still hashes the bytes it received, compares them with the claim, and runs
 * the verifier's per-node checks (freshness, scope, sequence) and its own claim checks.
 */
public final class Simulation implements Swarm {

  static final String SERVICE = "https://alto.isp.example/directory";
  static final InfoHash TORRENT = InfoHash.ofHex("5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e");
  static final RendezvousKey KEY = RendezvousKey.forTorrent(TORRENT);
  /** A week: nothing expires during a run. */
  static final Duration LIFETIME = Duration.ofDays(7);
  static final int PORT = 6881;
  /** How often a member looks the rendezvous up again: the binding's DhtDiscovery does every 60 s. */
  public static final Duration LOOKUP_EVERY = Duration.ofSeconds(60);
  /**
   * How long a departed node stays in the rendezvous. BEP 5 leaves the expiry of announced peers to
   * the DHT node; 30 minutes, mainline's announce interval, is assumed here.
   */
  public static final Duration STALE_FOR = Duration.ofMinutes(30);
  /** The engines' housekeeping interval: the engine's default. */
  public static final Duration TICK = Duration.ofSeconds(1);

  final SimulationConfig config;
  final Scenario scenario;
  final Census census;
  final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  final InMemoryNetwork network;
  final InMemoryRendezvous rendezvous;
  final SimulatedAltoServer server;
  final BundleCache cache = new BundleCache();
  final TrustPolicy trust;
  final RedistributionEngine[] engines;
  final SimNode[] nodes;
  final Hostiles hostiles;
  private final Map<BundleHash, Integer> versionOf = new HashMap<>();
  private final Consumer<String> progress;
  private final Totals totals = new Totals();
  private double links;

  /** @param progress receives one line per round: who is online, how far the newest version is */
  public Simulation(SimulationConfig config, Consumer<String> progress) {
    this.config = config;
    this.progress = progress;
    this.scenario = Scenario.of(config);
    this.census = new Census(config.nodes());
    this.network = new InMemoryNetwork(loop, config.round(),
        (long) config.uploadPiecesPerRound() * WireLimits.PIECE_SIZE, config.seed());
    this.rendezvous = new InMemoryRendezvous(2 * config.degree(), config.seed() + 1, loop, LOOKUP_EVERY, STALE_FOR);
    this.server = new SimulatedAltoServer(SERVICE, loop.clock(), config.seed());
    this.trust = server.trustPolicy(loop.clock());
    this.engines = new RedistributionEngine[config.nodes()];
    this.nodes = new SimNode[config.nodes()];
    this.hostiles = new Hostiles(this);
    network.tapReceived(this::received);
    network.tapWire((node, bytes) -> {
      if (node.index >= 0) {
        census.wireBytes(node.index, bytes);
      }
    });
  }

  static InetSocketAddress address(int node, int pids) {
    return new InetSocketAddress(MapMaker.hostAddress(1 + node % pids, 1 + node / pids), PORT);
  }

  public SimulationResult run() {
    long wallStart = System.nanoTime();
    try (HeapWatch heap = new HeapWatch()) {
      hostiles.attach(KEY);
      network.start();
      Driver.run(config, scenario, this, census, heap, progress);
      for (int i = 0; i < engines.length; i++) {
        if (engines[i] != null) {
          totals.add(engines[i].stats());
        }
      }
      RedistributionEngine seeder = engines[0];
      SimulationResult.Ranking ranking = Rankings.time(seeder, config.pids(), config.seed());
      long wall = System.nanoTime() - wallStart;
      heap.sampleLive();
      SimulationResult.Costs costs = new SimulationResult.Costs(wall, heap.livePeak(), heap.peakAfterCollections(),
          census.peakOnline(),
          loop.executed(), Runtime.getRuntime().availableProcessors());
      SimulationResult r = totals.result(ranking, costs);
      for (RedistributionEngine e : engines) {
        if (e != null) {
          e.close();
        }
      }
      return r;
    }
  }

  @Override
  public void announce(int node) {
    rendezvous.announce(KEY, address(node, config.pids()));
  }

  @Override
  public void join(int i) {
    InetSocketAddress a = address(i, config.pids());
    SimNode node = network.attach(a, scenario.upload(i), !scenario.unreachable(i));
    node.index = i;
    RedistributionEngine e = RedistributionEngine.builder()
        .use(trust)
        .localAddresses(List.of(a.getAddress()))
        .transport(node)
        .discovery(rendezvous)
        .serverFallback((service, resource) -> {
          census.serverRequest(i);
          return server.fetch(service, resource);
        }, config.fallback(), 0.5)
        .peers(config.degree(), config.maxPeers())
        .tick(TICK)
        .uploadRate(scenario.upload(i) * 1_000_000_000L / config.round().toNanos())
        .resourceRendezvous(false)
        .loop(loop)
        .random(new SplittableRandom(config.seed() * 1_000_003L + i))
        .cache(cache)
        .onInstalled(h -> census.installed(i, resource(h.resourceId()), (int) h.sequence(),
            h.source() == HeldResource.Source.PEER, h.size()))
        .build();
    e.start();
    e.join(TORRENT);
    engines[i] = e;
    nodes[i] = node;
  }

  @Override
  public void leave(int i) {
    totals.add(engines[i].stats());
    engines[i].close();
    network.detach(nodes[i]);
    engines[i] = null;
    nodes[i] = null;
  }

  @Override
  public void begun() {
    hostiles.dial(KEY);
  }

  @Override
  public Sizes publish(int v) {
    if (v == 1) {
      links = averageLinks();
    }
    server.publish(MapMaker.make(config.pids(), config.mapBytes(), config.seed(), v, config.mapChurn()), v, LIFETIME,
        RedistributionScope.SERVICE);
    long bytes = 0;
    for (String rid : new String[] {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID}) {
      byte[] b = server.bundle(rid);
      versionOf.put(BundleHash.compute(b), v);
      bytes += b.length;
    }
    hostiles.published(v);
    engines[0].refresh();
    return new Sizes(bytes, server.bundle(MapMaker.NETWORK_MAP_ID).length);
  }

  @Override
  public void runRound() {
    loop.runUntil(loop.nanoTime() + network.roundNanos(), () -> true);
  }

  @Override
  public int settleRounds() {
    return hostiles.settleRounds();
  }

  /**
   * Piece bytes that reached an honest engine, by the version of the bundle they belong to; a delta
   * bundle belongs to the version it rebuilds, learnt from the inventories that offer it.
   */
  private void received(SimNode at, ArAltoMessage m) {
    if (m instanceof ArAltoMessage.Inventory inv) {
      for (DeltaClaim d : inv.deltas()) {
        Integer v = versionOf.get(d.target());
        if (v != null) {
          versionOf.putIfAbsent(d.delta().hash(), v);
        }
      }
    }
    if (at.index >= 0 && m instanceof ArAltoMessage.Data d) {
      Integer v = versionOf.get(d.hash());
      if (v != null) {
        census.pieceBytes(v, d.payload().remaining());
      }
    }
  }

  static int resource(String resourceId) {
    return resourceId == null ? 0 : MapMaker.NETWORK_MAP_ID.equals(resourceId) ? 1 : 2;
  }

  private double averageLinks() {
    long sum = 0;
    int n = 0;
    for (SimNode node : nodes) {
      if (node != null) {
        sum += node.links.size();
        n++;
      }
    }
    return n == 0 ? 0 : (double) sum / n;
  }

  /** The discovery of hostile nodes: they dial like honest ones. */
  Discovery rendezvous() {
    return rendezvous;
  }

  /** The engines' counters, summed as nodes leave and at the end. */
  private final class Totals {
    long duplicates;
    long late;
    long dropped;
    long timeouts;

    void add(EngineStats s) {
      duplicates += s.duplicatePieces();
      late += s.latePieces();
      dropped += s.peersDropped();
      timeouts += s.requestTimeouts();
    }

    SimulationResult result(SimulationResult.Ranking ranking, SimulationResult.Costs costs) {
      return Results.of("full", config, census, links, server.requests(), duplicates, late, dropped, timeouts,
          hostiles.report(), ranking, costs);
    }
  }
}
