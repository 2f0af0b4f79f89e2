package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.engine.Ranker;
import org.junit.jupiter.api.Test;

/** Which blocked peers a starving download is let through to, in what order (Steering's rule 3). */
class ReliefChoiceTest {

  private static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p1":{"ipv4":["10.1.0.0/16"]},"p2":{"ipv4":["10.2.0.0/16"]},"p3":{"ipv4":["10.3.0.0/16"]},\
      "dflt":{"ipv4":["0.0.0.0/0"]}}}""";
  private static final String COST_MAP = """
      {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"numerical",\
      "cost-metric":"routingcost"}},"cost-map":{"p1":{"p1":1,"p2":5,"p3":9},"p2":{"p1":5,"p2":1,"p3":5},\
      "p3":{"p1":9,"p2":5,"p3":1}}}""";
  private static final InetAddress SELF = ip("10.1.0.9");

  private final Ranker ranker = ranker();
  /** The cost blocks of this node: every PID costlier than its own. */
  private final Predicate<InetAddress> costlier = a -> !"p1".equals(ranker.pidOf(a));

  private static Ranker ranker() {
    try {
      return Ranker.of(AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII)),
          AltoDocuments.parseCostMap(COST_MAP.getBytes(StandardCharsets.US_ASCII)), SELF, 0);
    } catch (AltoValidationException e) {
      throw new AssertionError("the test's maps are valid", e);
    }
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  private static List<InetSocketAddress> known(String... ips) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : ips) {
      out.add(new InetSocketAddress(ip(s), 6881));
    }
    return out;
  }

  private Set<InetAddress> choose(List<InetSocketAddress> known, Set<InetAddress> alto, Set<InetAddress> relieved,
      int count) {
    return ReliefChoice.choose(ranker, SELF, known, costlier, alto, relieved, count);
  }

  @Test
  void theCheapestBlockedPeersGoFirst() {
    Set<InetAddress> chosen = choose(known("10.3.0.1", "10.2.0.1", "10.3.0.2", "10.2.0.2"), Set.of(), Set.of(), 2);
    assertEquals(Set.of(ip("10.2.0.1"), ip("10.2.0.2")), chosen);
  }

  @Test
  void onlyPeersTheCostBlocksCoverAreLetThroughAndEachAddressOnce() {
    List<InetSocketAddress> known = known("10.1.0.5", "10.1.0.9", "10.2.0.1");
    known.add(new InetSocketAddress(ip("10.2.0.1"), 7000));
    assertEquals(List.of(ip("10.2.0.1")), List.copyOf(choose(known, Set.of(), Set.of(), 4)),
        "a PID-mate is not blocked, this node is not a peer, and two ports of one address are one peer");
  }

  @Test
  void nothingIsLetThroughAtLevelZero() {
    assertEquals(Set.of(), choose(known("10.2.0.1"), Set.of(), Set.of(ip("10.2.0.1")), 0));
  }

  @Test
  void amongEquallyCheapPeersThoseThatBlockNobodyGoFirst() {
    InetAddress[] pair = altoPair();
    InetAddress vanilla = ip("10.2.0.200");
    List<InetSocketAddress> known = new ArrayList<>();
    known.add(new InetSocketAddress(pair[1], 6881));
    known.add(new InetSocketAddress(pair[0], 6881));
    known.add(new InetSocketAddress(vanilla, 6881));
    Set<InetAddress> chosen = choose(known, Set.of(pair[0], pair[1]), Set.of(), 2);
    assertEquals(Set.of(pair[0], vanilla), chosen,
        "the PID's gateway and a vanilla peer accept anyone; the ALTO peer that is not the gateway may block p1");
  }

  @Test
  void peersAlreadyLetThroughStayEvenWhenCheaperOnesAppear() {
    Set<InetAddress> chosen = choose(known("10.2.0.1", "10.3.0.1"), Set.of(), Set.of(ip("10.3.0.1")), 1);
    assertEquals(Set.of(ip("10.3.0.1")), chosen, "cutting it would cut a connection that may feed the download");
  }

  /** Two ALTO peers of p2: the first its gateway (lower score), the second one that blocks others. */
  private static InetAddress[] altoPair() {
    InetAddress a = ip("10.2.0.1");
    for (int h = 2; h < 255; h++) {
      InetAddress b = ip("10.2.0." + h);
      if (PidGateway.score(b) != PidGateway.score(a)) {
        return PidGateway.score(a) < PidGateway.score(b) ? new InetAddress[] {a, b} : new InetAddress[] {b, a};
      }
    }
    throw new AssertionError("no two scores differ");
  }
}
