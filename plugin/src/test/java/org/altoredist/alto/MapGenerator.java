package org.altoredist.alto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates ISP-sized ALTO maps for tests and benchmarks, deterministically from a seed: unique
 * prefixes of realistic lengths (/16 to /28 for IPv4, /32 to /64 for IPv6), spread over PIDs and
 * written grouped by PID as servers do, plus a default PID holding 0.0.0.0/0 and ::/0.
 */
public final class MapGenerator {

  public static final String NETWORK_MAP_ID = "generated-network-map";
  public static final String TAG = "0123456789abcdef0123456789abcdef01234567";

  private MapGenerator() {}

  /** A network map of {@code prefixes} prefixes in {@code pids} PIDs (plus the default PID). */
  public static byte[] networkMap(int prefixes, int pids, boolean ipv6, long seed) {
    Random rnd = new Random(seed);
    List<List<String>> byPid = new ArrayList<>();
    for (int i = 0; i < pids; i++) {
      byPid.add(new ArrayList<>());
    }
    Set<String> seen = new HashSet<>(prefixes * 2);
    while (seen.size() < prefixes) {
      String p = ipv6 ? random6(rnd) : random4(rnd);
      if (seen.add(p)) {
        byPid.get(rnd.nextInt(pids)).add(p);
      }
    }
    StringBuilder sb = new StringBuilder(prefixes * 24 + 256);
    sb.append("{\"meta\":{\"vtag\":{\"resource-id\":\"").append(NETWORK_MAP_ID).append("\",\"tag\":\"")
        .append(TAG).append("\"}},\"network-map\":{\n\"pid-default\":{\"ipv4\":[\"0.0.0.0/0\"],\"ipv6\":[\"::/0\"]}");
    String family = ipv6 ? "ipv6" : "ipv4";
    for (int i = 0; i < pids; i++) {
      sb.append(",\n\"").append(pidName(i)).append("\":{\"").append(family).append("\":[");
      List<String> list = byPid.get(i);
      for (int k = 0; k < list.size(); k++) {
        sb.append(k == 0 ? "\"" : ",\"").append(list.get(k)).append('"');
      }
      sb.append("]}");
    }
    return sb.append("\n}}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A full numerical cost map over {@link #pidName} 0..pids-1, with few distinct values as in real maps. */
  public static byte[] costMap(int pids, long seed) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder(pids * pids * 18 + 256);
    sb.append("{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"").append(NETWORK_MAP_ID).append("\",\"tag\":\"")
        .append(TAG).append("\"}],\"cost-type\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}},\"cost-map\":{");
    for (int i = 0; i < pids; i++) {
      sb.append(i == 0 ? "\n\"" : ",\n\"").append(pidName(i)).append("\":{");
      for (int j = 0; j < pids; j++) {
        int cost = i == j ? 1 : 5 * (1 + rnd.nextInt(40));
        sb.append(j == 0 ? "\"" : ",\"").append(pidName(j)).append("\":").append(cost);
      }
      sb.append('}');
    }
    return sb.append("\n}}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a service's map directory: a network map of {@code prefixes} IPv4 prefixes in 100 PIDs,
   * its cost map, and an IRD naming both (the cost map as {@code costs}).
   */
  public static void writeService(Path maps, int prefixes) throws IOException {
    Files.write(maps.resolve("networkmap.json"), networkMap(prefixes, 100, false, 1));
    Files.write(maps.resolve("costmap.json"), costMap(100, 2));
    Files.writeString(maps.resolve("ird.json"), "{\"meta\":{\"cost-types\":{\"num\":{\"cost-mode\":\"numerical\","
        + "\"cost-metric\":\"routingcost\"}},\"default-alto-network-map\":\"" + NETWORK_MAP_ID + "\"},"
        + "\"resources\":{\"" + NETWORK_MAP_ID + "\":{\"uri\":\"networkmap\","
        + "\"media-type\":\"application/alto-networkmap+json\"},\"costs\":{\"uri\":\"costmap\","
        + "\"media-type\":\"application/alto-costmap+json\",\"capabilities\":{\"cost-type-names\":[\"num\"]},"
        + "\"uses\":[\"" + NETWORK_MAP_ID + "\"]}}}", StandardCharsets.UTF_8);
  }

  public static String pidName(int i) {
    return "pid-" + i;
  }

  private static String random4(Random rnd) {
    int len = 16 + rnd.nextInt(13);
    int addr = rnd.nextInt() & (-1 << (32 - len));
    return ((addr >>> 24) & 0xff) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff)
        + "/" + len;
  }

  private static String random6(Random rnd) {
    int len = 32 + rnd.nextInt(33);
    long hi = (0x2000L << 48 | (rnd.nextLong() >>> 16)) & (len == 64 ? -1L : -1L << (64 - len));
    return IpPrefix.formatIpv6(hi, 0) + "/" + len;
  }
}
