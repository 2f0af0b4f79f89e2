package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * Honest engines sharing a service of twelve resources (IRD, network map, ten cost maps), over the
 * simulation's rate-limited links, in virtual time, through three published versions. Each node
 * installs a version's twelve resources within seconds of each other; bep_ar_alto.md has it batch
 * such changes (what comes within {@link WireLimits#INVENTORY_BATCH_DELAY} goes in one inventory),
 * and its receivers disconnect a peer whose 7th inventory arrives within 30 s of the 6 before it.
 * No honest node may ever be disconnected.
 */
class TwelveResourceSwarmTest {

  private static final long SEED = 13;
  private static final int NODES = 12;
  private static final int PIDS = 3;
  private static final int MAP_BYTES = 96 * 1024;
  private static final int VERSIONS = 3;

  private final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  private final InMemoryNetwork network = new InMemoryNetwork(loop, Duration.ofMillis(100), WireLimits.PIECE_SIZE, SEED);
  private final InMemoryRendezvous rendezvous = new InMemoryRendezvous(8, SEED);
  private final TwelveResourceServer server = new TwelveResourceServer(Simulation.SERVICE, loop.clock());
  private final BundleCache cache = new BundleCache();

  @Test
  void noHonestPeerIsEverDisconnected() {
    server.publish(1, PIDS, MAP_BYTES);
    List<RedistributionEngine> engines = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      engines.add(engine(i));
    }
    Map<InetSocketAddress, Map<InetSocketAddress, List<Long>>> inventories = new LinkedHashMap<>();
    network.tap(s -> {
      if (s.message() instanceof ArAltoMessage.Inventory) {
        inventories.computeIfAbsent(s.from(), k -> new LinkedHashMap<>())
            .computeIfAbsent(s.to(), k -> new ArrayList<>()).add(loop.nanoTime());
      }
    });
    network.start();
    engines.get(0).refresh();
    for (long version = 1; version <= VERSIONS; version++) {
      if (version > 1) {
        server.publish(version, PIDS, MAP_BYTES);
        engines.get((int) version).refresh();
      }
      long v = version;
      long deadline = network.round() + 6000;
      while (network.round() < deadline && !engines.stream().allMatch(e -> holdsAll(e, v))) {
        round();
      }
      for (RedistributionEngine e : engines) {
        assertTrue(holdsAll(e, v), () -> e + " holds only " + e.held());
      }
      // Let the inventories of this version settle, as a real swarm would before the next one.
      for (int r = 0; r < 600; r++) {
        round();
      }
    }
    long dropped = engines.stream().mapToLong(e -> e.stats().peersDropped()).sum();
    assertEquals(0, dropped, "honest peers disconnected: " + dropped);
    long batch = WireLimits.INVENTORY_BATCH_DELAY.toNanos();
    int sent = 0;
    for (Map<InetSocketAddress, List<Long>> byPeer : inventories.values()) {
      for (List<Long> times : byPeer.values()) {
        sent += times.size();
        for (int i = 1; i < times.size(); i++) {
          long gap = times.get(i) - times.get(i - 1);
          assertTrue(gap >= batch, "two inventories to one peer " + Duration.ofNanos(gap) + " apart: changes not batched");
        }
      }
    }
    assertTrue(sent > 0, "the tap saw no inventory");
    engines.forEach(RedistributionEngine::close);
  }

  private static boolean holdsAll(RedistributionEngine e, long version) {
    List<HeldResource> held = e.held();
    return held.size() == 2 + TwelveResourceServer.COST_MAPS && held.stream().allMatch(h -> h.sequence() == version);
  }

  private RedistributionEngine engine(int i) {
    InetSocketAddress a = Simulation.address(i, PIDS);
    RedistributionEngine e = RedistributionEngine.builder().use(server.trustPolicy()).localAddresses(List.of(a.getAddress()))
        .transport(network.attach(a)).discovery(rendezvous).serverFallback(server, SmallSwarm.FALLBACK, 0.5)
        .peers(4, 8).tick(Duration.ofMillis(100)).resourceRendezvous(false).loop(loop)
        .random(new SplittableRandom(SEED * 1_000_003L + i)).cache(cache).build();
    e.start();
    e.join(Simulation.TORRENT);
    return e;
  }

  private void round() {
    loop.runUntil(loop.nanoTime() + network.roundNanos(), () -> true);
  }
}
