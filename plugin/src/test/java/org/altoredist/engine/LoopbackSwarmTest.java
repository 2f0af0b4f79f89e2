package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engines over the real peer-wire endpoint ({@link WireTransport}) on loopback, host h of PID p at
 * 127.0.p.h, with the tool's example maps (127.0.p.0/24 is PID pid-p) signed by the simulated
 * server: one node asks the server, the others get everything from peers, found through a static
 * bootstrap list and endpoints messages, and then rank by it.
 */
class LoopbackSwarmTest {

  static final InfoHash TORRENT = InfoHash.ofHex("1005ba0c1005ba0c1005ba0c1005ba0c1005ba0c");
  static final String[] HOSTS = {"127.0.1.1", "127.0.1.2", "127.0.2.1", "127.0.3.1"};

  private final List<RedistributionEngine> engines = new ArrayList<>();

  static byte[] example(String name) throws IOException {
    try (InputStream in = LoopbackSwarmTest.class.getResourceAsStream("/org/altoredist/examples/" + name)) {
      return in.readAllBytes();
    }
  }

  @AfterEach
  void close() {
    engines.forEach(RedistributionEngine::close);
  }

  @Test
  void enginesOverTheRealEndpointShareTheMapsWithOneServerRequestEach() throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 9);
    server.publish(new MapMaker.Maps(example("ird.json"), example("networkmap.json"), example("costmap.json"), 4), 1,
        Duration.ofHours(1), RedistributionScope.SERVICE);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    InetSocketAddress seederAddress = null;
    for (String host : HOSTS) {
      WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
      boolean seeder = seederAddress == null;
      RedistributionEngine e = RedistributionEngine.builder().use(trust)
          .localAddresses(List.of(InetAddress.getByName(host))).transport(t)
          .discovery(seeder ? Discovery.none() : Discovery.fixed(List.of(seederAddress)))
          .serverFallback(server, seeder ? Duration.ZERO : Duration.ofMinutes(10), 0)
          .tick(Duration.ofMillis(100)).resourceRendezvous(false).random(new SplittableRandom(engines.size()))
          .build();
      seederAddress = seeder ? t.localAddress() : seederAddress;
      e.start();
      e.join(TORRENT);
      engines.add(e);
    }
    for (RedistributionEngine e : engines) {
      Await.until("every node holds the IRD and both maps", () -> e.held().size() == 3);
    }
    assertEquals(3, server.requests(), "only the seeder asks the server, once per resource");
    for (RedistributionEngine e : engines.subList(1, engines.size())) {
      assertTrue(e.held().stream().allMatch(h -> h.source() == HeldResource.Source.PEER), e.held().toString());
    }
    Ranker r = engines.get(1).ranker().orElseThrow();
    assertEquals("pid-1", r.selfPid());
    List<InetSocketAddress> candidates = List.of(new InetSocketAddress("127.0.4.9", 1),
        new InetSocketAddress("127.0.2.9", 1), new InetSocketAddress("127.0.1.9", 1));
    List<InetSocketAddress> ranked = engines.get(1).ranker().orElseThrow().rank(candidates, new SplittableRandom(1));
    assertEquals(List.of("127.0.1.9", "127.0.2.9", "127.0.4.9"),
        ranked.stream().map(a -> a.getAddress().getHostAddress()).toList());
  }
}
