package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * PID in the global and local classes (unchoked regardless of slots, weighing double), its PID's
 * gateway in the global class only, so that its PID-mates do not take twice the share of its upload
 * that the other PIDs import through it; and the classes follow the node becoming, or ceasing to
 * be, the gateway.
 */
class GatewayPeerClassesTest {

  private static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p1":{"ipv4":["10.1.0.0/16"]},"p2":{"ipv4":["10.2.0.0/16"]},"dflt":{"ipv4":["0.0.0.0/0"]}}}""";
  private static final String COST_MAP = """
      {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"numerical",\
      "cost-metric":"routingcost"}},"cost-map":{"p1":{"p1":1,"p2":5},"p2":{"p1":5,"p2":1}}}""";

  @Test
  void aGatewayKeepsItsOwnPidInTheGlobalClassOnlyAndAMateInBoth() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetAddress self = InetAddress.getByName("10.1.0.9");
    InetAddress mate = lowerScoringMate(self);
    Ranker ranker = Ranker.of(AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII)),
        AltoDocuments.parseCostMap(COST_MAP.getBytes(StandardCharsets.US_ASCII)), self, 0);
    AltoPlugin.Settings settings = AltoPlugin.builder()
        .trust(TrustPolicy.forService("https://alto.example/").pin(new byte[32]).build())
        .localPeersWithinLimits(true).build().settings();
    SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.7.9"), 0));
    try {
      Steering steering = new Steering(session, settings, new InetSocketAddress(self, 6881), new SplittableRandom(1),
          Clock.systemUTC(), new Candidates());
      InetAddress nearby = InetAddress.getByName("10.1.0.77");
      InetAddress far = InetAddress.getByName("10.2.0.1");

      steering.tick(ranker, List.of(), Set.of(mate), 1_000_000_000L);
      assertEquals(PeerClasses.GLOBAL_CLASS | PeerClasses.LOCAL_CLASS, steering.peerClassesOf(nearby),
          "a PID-mate: its PID local and global");
      assertEquals(PeerClasses.GLOBAL_CLASS, steering.peerClassesOf(far));

      // The lower-scoring mate forgotten (two minutes unseen): this node is its PID's gateway.
      steering.tick(ranker, List.of(), Set.of(), 1_000_000_000L + PidGateway.MEMORY_NANOS);
      assertEquals(PeerClasses.GLOBAL_CLASS, steering.peerClassesOf(nearby), "the gateway: its PID global only");

      steering.tick(ranker, List.of(), Set.of(mate), 2_000_000_000L + PidGateway.MEMORY_NANOS);
      assertEquals(PeerClasses.GLOBAL_CLASS | PeerClasses.LOCAL_CLASS, steering.peerClassesOf(nearby),
          "a mate again once a lower-scoring ALTO peer shows up");
      steering.restore();
    } finally {
      session.stop();
    }
  }

  /** An address of PID p1 that {@link PidGateway} ranks ahead of {@code self}: the gateway while known. */
  private static InetAddress lowerScoringMate(InetAddress self) throws Exception {
    for (int h = 1; h < 255; h++) {
      InetAddress a = InetAddress.getByName("10.1.0." + h);
      if (!a.equals(self) && PidGateway.score(a) < PidGateway.score(self)) {
        return a;
      }
    }
    throw new AssertionError("no address of 10.1.0.0/24 scores under " + self);
  }
}
