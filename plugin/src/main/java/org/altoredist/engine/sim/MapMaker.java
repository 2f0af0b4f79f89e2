package org.altoredist.engine.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The ALTO resources of a simulated ISP, deterministic from a seed: a root IRD, a network map of a
 * given size, and a numerical routing-cost map over it. PID {@code pidK} (K from 1) holds
 * {@code 10.K.0.0/16}, where the simulated hosts live; the bulk of the map is unique /24 prefixes
 * outside 10/8 and 127/8 spread over the PIDs, as an ISP's map is mostly customer prefixes; and
 * {@code pid-default} holds {@code 0.0.0.0/0}.
 */
public final class MapMaker {

  public static final String NETWORK_MAP_ID = "default-network-map";
  public static final String COST_MAP_ID = "routingcost-map";

  /** One version of the three resources. */
  public record Maps(byte[] directory, byte[] networkMap, byte[] costMap, int pids) {}

  private MapMaker() {}

  /** The address of host {@code host} (0..65535) in PID {@code pid} (1..250). */
  public static InetAddress hostAddress(int pid, int host) {
    try {
      return InetAddress.getByAddress(new byte[] {10, (byte) pid, (byte) (host >> 8), (byte) host});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4-byte address is always valid", e);
    }
  }

  /**
   * @param pids PIDs with hosts, 1..250
   * @param networkMapBytes the network map grows to at least this size
   * @param version changes the map's tag and its customer prefixes, as a new version would
   */
  public static Maps make(int pids, int networkMapBytes, long seed, int version) {
    return make(pids, networkMapBytes, seed, version, 0);
  }

  /**
   * @param churn 0: each version's customer prefixes are new; above 0: version 1's prefixes, of
   *     which this share moves to another PID with each later version (as an ISP's map changes),
   *     the rest staying where they were, in the same order
   */
  public static Maps make(int pids, int networkMapBytes, long seed, int version, double churn) {
    if (pids < 1 || pids > 250) {
      throw new IllegalArgumentException("pids outside 1..250: " + pids);
    }
    String tag = String.format("%016x%08x", seed, version);
    byte[] nm;
    if (churn == 0) {
      nm = networkMap(pids, networkMapBytes, new SplittableRandom(seed * 31 + version), tag);
    } else {
      // Version 1's prefixes, moved version by version.
      Customers c = customers(pids, networkMapBytes, new SplittableRandom(seed * 31 + 1));
      for (int v = 2; v <= version; v++) {
        c.move(pids, churn, new SplittableRandom(seed * 31 + v));
      }
      nm = render(pids, c.byPid(pids), tag);
    }
    return new Maps(directory().getBytes(StandardCharsets.US_ASCII), nm,
        costMap(pids, new SplittableRandom(seed * 17 + version), tag), pids);
  }

  /** Customer prefixes in the order they were made, each with its PID (0-based). */
  private record Customers(List<String> prefixes, int[] pid) {
    void move(int pids, double churn, SplittableRandom rnd) {
      int n = (int) Math.round(prefixes.size() * churn);
      for (int k = 0; k < n; k++) {
        int i = rnd.nextInt(prefixes.size());
        pid[i] = (pid[i] + 1 + rnd.nextInt(Math.max(1, pids - 1))) % pids;
      }
    }

    List<List<String>> byPid(int pids) {
      List<List<String>> out = hostPrefixes(pids);
      for (int i = 0; i < prefixes.size(); i++) {
        out.get(pid[i]).add(prefixes.get(i));
      }
      return out;
    }
  }

  private static List<List<String>> hostPrefixes(int pids) {
    List<List<String>> byPid = new ArrayList<>();
    for (int p = 1; p <= pids; p++) {
      List<String> l = new ArrayList<>();
      l.add("10." + p + ".0.0/16");
      byPid.add(l);
    }
    return byPid;
  }

  private static Customers customers(int pids, int bytes, SplittableRandom rnd) {
    List<String> prefixes = new ArrayList<>();
    List<Integer> pid = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    long size = 200L + pids * 40L;
    while (size < bytes) {
      int a = 11 + rnd.nextInt(213);
      if (a == 127) {
        continue;
      }
      int block = (a << 16) | rnd.nextInt(1 << 16);
      if (used.add(block)) {
        String p = a + "." + ((block >> 8) & 255) + "." + (block & 255) + ".0/24";
        prefixes.add(p);
        pid.add(rnd.nextInt(pids));
        size += p.length() + 3;
      }
    }
    return new Customers(prefixes, pid.stream().mapToInt(Integer::intValue).toArray());
  }

  private static String directory() {
    return "{\"meta\":{\"cost-types\":{\"num-routing\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}},"
        + "\"default-alto-network-map\":\"" + NETWORK_MAP_ID + "\"},\"resources\":{"
        + "\"" + NETWORK_MAP_ID + "\":{\"uri\":\"networkmap\",\"media-type\":\"application/alto-networkmap+json\"},"
        + "\"" + COST_MAP_ID + "\":{\"uri\":\"costmap/num/routingcost\",\"media-type\":\"application/alto-costmap+json\","
        + "\"capabilities\":{\"cost-type-names\":[\"num-routing\"]},\"uses\":[\"" + NETWORK_MAP_ID + "\"]}}}\n";
  }

  private static byte[] networkMap(int pids, int bytes, SplittableRandom rnd, String tag) {
    return render(pids, customers(pids, bytes, rnd).byPid(pids), tag);
  }

  private static byte[] render(int pids, List<List<String>> byPid, String tag) {
    long size = 256;
    for (List<String> l : byPid) {
      for (String p : l) {
        size += p.length() + 3;
      }
    }
    StringBuilder sb = new StringBuilder((int) size + 256);
    sb.append("{\"meta\":{\"vtag\":{\"resource-id\":\"").append(NETWORK_MAP_ID).append("\",\"tag\":\"").append(tag)
        .append("\"}},\"network-map\":{\n\"pid-default\":{\"ipv4\":[\"0.0.0.0/0\"]}");
    for (int p = 1; p <= pids; p++) {
      sb.append(",\n\"pid").append(p).append("\":{\"ipv4\":[");
      List<String> l = byPid.get(p - 1);
      for (int k = 0; k < l.size(); k++) {
        sb.append(k == 0 ? "\"" : ",\"").append(l.get(k)).append('"');
      }
      sb.append("]}");
    }
    return sb.append("\n}}\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Cost 1 inside a PID, 10 to 100 in steps of 10 between PIDs, 200 to and from the default PID. */
  private static byte[] costMap(int pids, SplittableRandom rnd, String tag) {
    StringBuilder sb = new StringBuilder(pids * pids * 12 + 256);
    sb.append("{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"").append(NETWORK_MAP_ID).append("\",\"tag\":\"")
        .append(tag).append("\"}],\"cost-type\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}},")
        .append("\"cost-map\":{");
    for (int i = 0; i <= pids; i++) {
      String src = i == 0 ? "pid-default" : "pid" + i;
      sb.append(i == 0 ? "\n\"" : ",\n\"").append(src).append("\":{");
      for (int j = 0; j <= pids; j++) {
        String dst = j == 0 ? "pid-default" : "pid" + j;
        int cost = i == j ? 1 : i == 0 || j == 0 ? 200 : 10 * (1 + rnd.nextInt(10));
        sb.append(j == 0 ? "\"" : ",\"").append(dst).append("\":").append(cost);
      }
      sb.append('}');
    }
    return sb.append("\n}}\n").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
