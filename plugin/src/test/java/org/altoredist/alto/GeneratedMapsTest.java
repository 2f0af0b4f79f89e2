package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Maps the size of a real ISP's (RFC 7971 §3.7: hundreds of thousands of prefixes; 1,000 PIDs)
 * parse, cross-check, and answer lookups the same way a prefix-by-prefix scan would.
 */
class GeneratedMapsTest {

  @Test
  void hundredThousandPrefixMapIndexesEveryPrefixToItsPid() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(100_000, 1_000, false, 42));
    assertEquals(1_001, nm.pids().size());
    assertEquals(100_001, nm.ipv4PrefixCount());
    Random rnd = new Random(7);
    for (int k = 0; k < 200; k++) {
      String pid = nm.pids().get(1 + rnd.nextInt(1_000));
      for (IpPrefix p : nm.prefixes(pid)) {
        String got = nm.pidOf(InetAddress.getByAddress(new byte[] {
            (byte) (p.lo() >>> 24), (byte) (p.lo() >>> 16), (byte) (p.lo() >>> 8), (byte) p.lo()}));
        // A longer prefix of another PID may start at the same address; only then may the answer differ.
        assertTrue(got.equals(pid) || longerPrefixStartsAt(nm, p, got), () -> p + " -> " + got + " not " + pid);
      }
    }
  }

  @Test
  void ipv6MapOfHundredThousandPrefixesParses() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(100_000, 1_000, true, 43));
    assertEquals(100_001, nm.ipv6PrefixCount());
    assertEquals("pid-default", nm.pidOf(InetAddress.getByName("3fff::1")));
  }

  @Test
  void thousandByThousandCostMapMatchesItsNetworkMap() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(10_000, 1_000, false, 1));
    CostMap cm = AltoDocuments.parseCostMap(MapGenerator.costMap(1_000, 2));
    CrossChecks.costMapAgainstNetworkMap(cm, nm);
    assertEquals(1_000_000, cm.matrix().definedCount());
    assertEquals(1.0, cm.matrix().cost("pid-17", "pid-17"));
    assertTrue(cm.matrix().distinctValueCount() <= 41);
  }

  private static boolean longerPrefixStartsAt(NetworkMap nm, IpPrefix p, String pid) {
    return nm.prefixes(pid).stream().anyMatch(q -> !q.ipv6() && q.lo() == p.lo() && q.length() > p.length());
  }
}
