package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.engine.Ranker;
import org.altoredist.trust.TrustPolicy;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.SessionManager;

/**
 * The peer classes a real session gets with the own PID within the limits: a PID-mate keeps its
 * PID in the global and local classes (unchoked regardless of slots, weighing double); a gateway
 * with two PID-mates or more in the global class only, so that its PID-mates, which also fetch
 * from one another, do not take twice the share of its upload that the other PIDs import through
 * it; a gateway with one PID-mate in both, since that mate has nobody else nearby. The classes
 * follow the node's role, and each change marks the connections to its PID made before it as
 * stale, once.
 */
class GatewayPeerClassesTest {

  private static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p1":{"ipv4":["10.1.0.0/16"]},"p2":{"ipv4":["10.2.0.0/16"]},"dflt":{"ipv4":["0.0.0.0/0"]}}}""";
  private static final String COST_MAP = """
      {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"numerical",\
      "cost-metric":"routingcost"}},"cost-map":{"p1":{"p1":1,"p2":5},"p2":{"p1":5,"p2":1}}}""";
  private static final long BOTH = PeerClasses.GLOBAL_CLASS | PeerClasses.LOCAL_CLASS;

  @Test
  void aGatewayOfTwoMatesKeepsItsOwnPidInTheGlobalClassOnlyAndOfOneMateInBoth() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetAddress self = InetAddress.getByName("10.1.0.9");
    InetAddress lower = scoring(self, true, 1).get(0);
    List<InetAddress> higher = scoring(self, false, 2);
    SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.7.9"), 0));
    try {
      Steering steering = new Steering(session, settings(), new InetSocketAddress(self, 6881), new SplittableRandom(1),
          Clock.systemUTC(), new Candidates());
      InetAddress nearby = InetAddress.getByName("10.1.0.77");
      InetAddress far = InetAddress.getByName("10.2.0.1");
      long t = 1_000_000_000L;

      steering.tick(ranker(self), List.of(), Set.of(lower), t);
      assertEquals(BOTH, steering.peerClassesOf(nearby), "a PID-mate: its PID local and global");
      assertEquals(PeerClasses.GLOBAL_CLASS, steering.peerClassesOf(far));

      // The lower-scoring mate forgotten (two minutes unseen): this node is its PID's gateway.
      t += PidGateway.MEMORY_NANOS;
      steering.tick(ranker(self), List.of(), Set.copyOf(higher), t);
      assertEquals(PeerClasses.GLOBAL_CLASS, steering.peerClassesOf(nearby), "a gateway of two: its PID global only");

      t += PidGateway.MEMORY_NANOS;
      steering.tick(ranker(self), List.of(), Set.of(higher.get(0)), t);
      assertEquals(BOTH, steering.peerClassesOf(nearby), "a gateway of one: its PID local and global");

      steering.tick(ranker(self), List.of(), Set.of(lower, higher.get(0)), t + 1_000_000_000L);
      assertEquals(BOTH, steering.peerClassesOf(nearby), "a mate again once a lower-scoring ALTO peer shows up");
      steering.restore();
    } finally {
      session.stop();
    }
  }

  @Test
  void theConnectionsToItsPidClassedBeforeAChangeAreStaleOnceAndNoOthers() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetAddress self = InetAddress.getByName("10.1.0.9");
    InetAddress nearby = InetAddress.getByName("10.1.0.77");
    InetAddress far = InetAddress.getByName("10.2.0.1");
    List<InetAddress> connected = List.of(nearby, far);
    Ranker ranker = ranker(self);
    SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.7.9"), 0));
    try {
      PeerClasses classes = new PeerClasses(session, settings());
      assertEquals(Set.of(), classes.stale(connected, ranker), "nothing written yet");

      classes.apply(ranker);
      assertEquals(Set.of(nearby), classes.stale(connected, ranker), "libtorrent's default classed the PID-mate otherwise");
      assertEquals(Set.of(), classes.stale(connected, ranker), "stale once");

      classes.gateway(true, 2, ranker);
      classes.gateway(true, 1, ranker);
      assertEquals(Set.of(), classes.stale(connected, ranker), "two changes that undo each other leave nothing stale");

      classes.gateway(true, 2, ranker);
      assertEquals(Set.of(nearby), classes.stale(connected, ranker), "a gateway of two: the PID-mate now global only");
      classes.gateway(true, 3, ranker);
      assertEquals(Set.of(), classes.stale(connected, ranker), "still a gateway of two or more: nothing changed");
      classes.restore();
    } finally {
      session.stop();
    }
  }

  private static AltoPlugin.Settings settings() {
    return AltoPlugin.builder().trust(TrustPolicy.forService("https://alto.example/").pin(new byte[32]).build())
        .localPeersWithinLimits(true).build().settings();
  }

  private static Ranker ranker(InetAddress self) throws Exception {
    return Ranker.of(AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII)),
        AltoDocuments.parseCostMap(COST_MAP.getBytes(StandardCharsets.US_ASCII)), self, 0);
  }

  /**
   * {@code n} addresses of PID p1 that {@link PidGateway} ranks ahead of {@code self} ({@code lower})
   * or behind it: the gateway while known, or mates of {@code self} as gateway.
   */
  private static List<InetAddress> scoring(InetAddress self, boolean lower, int n) throws Exception {
    List<InetAddress> found = new ArrayList<>();
    for (int h = 1; h < 255 && found.size() < n; h++) {
      InetAddress a = InetAddress.getByName("10.1.0." + h);
      if (!a.equals(self) && (PidGateway.score(a) < PidGateway.score(self)) == lower) {
        found.add(a);
      }
    }
    if (found.size() < n) {
      throw new AssertionError("not " + n + " addresses of 10.1.0.0/24 scoring " + (lower ? "under " : "over ") + self);
    }
    return found;
  }
}
