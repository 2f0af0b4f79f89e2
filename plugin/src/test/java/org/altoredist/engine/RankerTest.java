package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.NetworkMap;
import org.junit.jupiter.api.Test;

/** {@link Ranker}: cost order from our PID, the cost type's direction, unknowns last, the random slots. */
class RankerTest {

  /** PIDs p1..p3 on 10.p.0.0/16; the default PID holds everything else. */
  static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p1":{"ipv4":["10.1.0.0/16"]},"p2":{"ipv4":["10.2.0.0/16"]},"p3":{"ipv4":["10.3.0.0/16"]},
      "p4":{"ipv4":["10.4.0.0/16"]},"dflt":{"ipv4":["0.0.0.0/0"]}}}""";

  /** From p1: p1 1, p2 5, p3 9; p4 has no cost; the default PID is unreachable (omitted). */
  static String costMap(String metric, String mode) {
    return """
        {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"%s","cost-metric":"%s"}},
        "cost-map":{"p1":{"p1":1,"p2":5,"p3":9},"p2":{"p1":5,"p2":1}}}""".formatted(mode, metric);
  }

  static InetSocketAddress host(int pid, int h) {
    return new InetSocketAddress("10." + pid + ".0." + h, 6881);
  }

  static Ranker ranker(String metric, String mode, double fraction) throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII));
    CostMap cm = AltoDocuments.parseCostMap(costMap(metric, mode).getBytes(StandardCharsets.US_ASCII));
    return Ranker.of(nm, cm, InetAddress.getByName("10.1.0.9"), fraction);
  }

  static List<Integer> pids(List<InetSocketAddress> ranked) {
    List<Integer> out = new ArrayList<>();
    for (InetSocketAddress a : ranked) {
      byte[] b = a.getAddress().getAddress();
      out.add(b[0] == 10 ? (int) b[1] : 0);
    }
    return out;
  }

  @Test
  void lowerCostRanksFirstAndUncostedLast() throws Exception {
    Ranker r = ranker("routingcost", "numerical", 0);
    List<InetSocketAddress> c = List.of(host(3, 1), new InetSocketAddress("192.0.2.1", 1), host(4, 1), host(2, 1),
        host(1, 1));
    assertEquals("p1", r.selfPid());
    List<Integer> order = pids(r.rank(c, new SplittableRandom(1)));
    assertEquals(List.of(1, 2, 3), order.subList(0, 3));
    assertEquals(new HashSet<>(List.of(4, 0)), new HashSet<>(order.subList(3, 5)), "no cost ranks after every cost");
  }

  @Test
  void ordinalCostsRankLikeNumerical() throws Exception {
    Ranker r = ranker("routingcost", "ordinal", 0);
    assertEquals(List.of(1, 2, 3), pids(r.rank(List.of(host(3, 1), host(2, 1), host(1, 1)), new SplittableRandom(1))));
  }

  @Test
  void higherIsBetterForThroughputMetrics() throws Exception {
    Ranker r = ranker("tput", "numerical", 0);
    assertEquals(List.of(3, 2, 1), pids(r.rank(List.of(host(1, 1), host(2, 1), host(3, 1)), new SplittableRandom(1))));
  }

  @Test
  void everyTenthSlotIsRandomAtTheDefaultFraction() throws Exception {
    Ranker r = ranker("routingcost", "numerical", 0.1);
    List<InetSocketAddress> c = new ArrayList<>();
    for (int h = 1; h <= 50; h++) {
      c.add(host(3, h));
    }
    for (int h = 1; h <= 50; h++) {
      c.add(host(1, h));
    }
    List<Integer> order = pids(r.rank(c, new SplittableRandom(3)));
    // Guided slots take the 50 PID-1 hosts first; slots 9, 19, 29, 39, 49 are drawn from everyone.
    int randomFromP3 = 0;
    for (int slot = 0; slot < 50; slot++) {
      if (slot % 10 != 9) {
        assertEquals(1, order.get(slot), "guided slot " + slot);
      } else {
        randomFromP3 += order.get(slot) == 3 ? 1 : 0;
      }
    }
    assertTrue(randomFromP3 > 0, "random slots never left the cheapest PID: " + order);
    assertEquals(100, new HashSet<>(r.rank(c, new SplittableRandom(3))).size(), "a ranking is a permutation");
  }

  @Test
  void sameRandomSourceSameRanking() throws Exception {
    Ranker r = ranker("routingcost", "numerical", 0.3);
    List<InetSocketAddress> c = new ArrayList<>();
    for (int h = 1; h <= 40; h++) {
      c.add(host(1 + h % 4, h));
    }
    assertEquals(r.rank(c, new SplittableRandom(9)), r.rank(c, new SplittableRandom(9)));
  }

  @Test
  void unknownOwnPidRanksEverythingAsUnknown() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII));
    CostMap cm = AltoDocuments.parseCostMap(costMap("routingcost", "numerical").getBytes(StandardCharsets.US_ASCII));
    Ranker r = Ranker.of(nm, cm, InetAddress.getByName("10.4.0.1"), 0);
    assertEquals("p4", r.selfPid());
    assertEquals(3, r.rank(List.of(host(1, 1), host(2, 1), host(3, 1)), new SplittableRandom(1)).size());
    assertNull(r.pidOf(InetAddress.getByName("2001:db8::1")), "no IPv6 prefix in this map");
  }

  @Test
  void costMapOfAnotherNetworkMapVersionIsRefused() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(NETWORK_MAP.replace("\"t1\"", "\"t2\"")
        .getBytes(StandardCharsets.US_ASCII));
    CostMap cm = AltoDocuments.parseCostMap(costMap("routingcost", "numerical").getBytes(StandardCharsets.US_ASCII));
    assertThrows(IllegalArgumentException.class, () -> Ranker.of(nm, cm, InetAddress.getByName("10.1.0.1"), 0.1));
  }
}
