package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The longest-prefix-match index against a brute-force oracle: random prefixes (nested, adjacent,
 * host routes), random PIDs, and addresses drawn both at random and at every prefix boundary, for
 * IPv4 and IPv6. Each seed is a fixed case, so a failure is reproducible from its name.
 */
class PidIndexPropertyTest {

  private record P(IpPrefix prefix, int pid) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void lookupsAgreeWithALinearScanForLongestMatch(long seed) throws Exception {
    Random rnd = new Random(seed);
    int pidCount = 1 + rnd.nextInt(40);
    List<P> prefixes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    prefixes.add(new P(IpPrefix.parse("0.0.0.0/0"), 0));
    prefixes.add(new P(IpPrefix.parse("::/0"), 0));
    seen.add("0.0.0.0/0");
    seen.add("::/0");
    int n = 1 + rnd.nextInt(seed % 4 == 0 ? 5000 : 300);
    for (int i = 0; i < n; i++) {
      IpPrefix p = rnd.nextInt(3) == 0 ? random6(rnd) : random4(rnd);
      if (seen.add(p.toString())) {
        prefixes.add(new P(p, 1 + rnd.nextInt(pidCount)));
      }
    }
    NetworkMap nm = AltoDocuments.parseNetworkMap(json(prefixes, pidCount));
    PidIndex index = nm.index();
    List<InetAddress> probes = new ArrayList<>();
    for (P p : prefixes) {
      probes.add(first(p.prefix));
      probes.add(last(p.prefix));
      probes.add(step(first(p.prefix), -1));
      probes.add(step(last(p.prefix), +1));
    }
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[rnd.nextBoolean() ? 4 : 16];
      rnd.nextBytes(b);
      probes.add(InetAddress.getByAddress(b));
    }
    for (InetAddress a : probes) {
      assertEquals(oracle(prefixes, a), index.pidOf(a), () -> "address " + a.getHostAddress() + " seed " + seed);
    }
  }

  private static String oracle(List<P> prefixes, InetAddress a) {
    P best = null;
    for (P p : prefixes) {
      if (p.prefix.contains(a) && (best == null || p.prefix.length() > best.prefix.length())) {
        best = p;
      }
    }
    return best == null ? null : name(best.pid);
  }

  private static String name(int pid) {
    return pid == 0 ? "default" : "pid" + pid;
  }

  private static byte[] json(List<P> prefixes, int pidCount) {
    StringBuilder sb = new StringBuilder("{\"meta\":{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"t\"}},\"network-map\":{");
    for (int pid = 0; pid <= pidCount; pid++) {
      sb.append(pid == 0 ? "" : ",").append('"').append(name(pid)).append("\":{\"ipv4\":[");
      appendFamily(sb, prefixes, pid, false);
      sb.append("],\"ipv6\":[");
      appendFamily(sb, prefixes, pid, true);
      sb.append("]}");
    }
    return TestFiles.utf8(sb.append("}}").toString());
  }

  private static void appendFamily(StringBuilder sb, List<P> prefixes, int pid, boolean v6) {
    String sep = "";
    for (P p : prefixes) {
      if (p.pid == pid && p.prefix.ipv6() == v6) {
        sb.append(sep).append('"').append(p.prefix).append('"');
        sep = ",";
      }
    }
  }

  /** Lengths cluster around real routing-table lengths, with some host routes and short ones. */
  private static IpPrefix random4(Random rnd) {
    int len = rnd.nextInt(4) == 0 ? rnd.nextInt(33) : 16 + rnd.nextInt(17);
    long addr = rnd.nextInt() & 0xffffffffL;
    if (rnd.nextBoolean()) {
      addr = 0x0a000000L | (addr & 0x0000ffffL); // crowd into 10.0/16 so prefixes nest
    }
    long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
    return new IpPrefix(false, 0, addr & mask, len);
  }

  private static IpPrefix random6(Random rnd) {
    int len = rnd.nextInt(4) == 0 ? rnd.nextInt(129) : 32 + rnd.nextInt(33);
    long hi = rnd.nextBoolean() ? 0x20010db800000000L | (rnd.nextLong() & 0xffffL) << 16 : rnd.nextLong();
    long lo = rnd.nextLong();
    long hm = len >= 64 ? -1L : (len == 0 ? 0 : -1L << (64 - len));
    long lm = len <= 64 ? 0 : -1L << (128 - len);
    return new IpPrefix(true, hi & hm, lo & lm, len);
  }

  private static InetAddress first(IpPrefix p) throws Exception {
    return address(p, false);
  }

  private static InetAddress last(IpPrefix p) throws Exception {
    return address(p, true);
  }

  private static InetAddress address(IpPrefix p, boolean last) throws Exception {
    if (!p.ipv6()) {
      long host = p.length() == 32 ? 0 : (0xffffffffL >>> p.length());
      long a = last ? p.lo() | host : p.lo();
      return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    }
    long hh = p.length() >= 64 ? 0 : (p.length() == 0 ? -1L : -1L >>> p.length());
    long lh = p.length() <= 64 ? -1L : (p.length() == 128 ? 0 : -1L >>> (p.length() - 64));
    return bytes6(last ? p.hi() | hh : p.hi(), last ? p.lo() | lh : p.lo());
  }

  /** The address one below or above, wrapping at the ends of the space. */
  private static InetAddress step(InetAddress a, int delta) throws Exception {
    byte[] b = a.getAddress();
    for (int i = b.length - 1; i >= 0; i--) {
      int v = (b[i] & 0xff) + delta;
      b[i] = (byte) v;
      if (v >= 0 && v <= 255) {
        break;
      }
    }
    return InetAddress.getByAddress(b);
  }

  private static InetAddress bytes6(long hi, long lo) throws Exception {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return InetAddress.getByAddress(b);
  }
}
