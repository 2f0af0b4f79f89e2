package org.altoredist.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's loopback ISP: PID p is 127.0.p.0/24 (host h of PID p binds 127.0.p.h) and everything
 * else is pid-default, as in the bundled examples, for any number of PIDs. Costs grow with the
 * distance between PID numbers: 1 inside a PID, 10 to a neighbour, 10 more per step, 100 to the
 * default PID.
 */
final class DemoNetwork {

  static final String NETWORK_MAP_ID = "loopback-network-map";

  private final int pids;

  DemoNetwork(int pids) {
    if (pids < 1 || pids > 250) {
      throw new IllegalArgumentException("--pids must be 1 to 250: " + pids);
    }
    this.pids = pids;
  }

  static String pidName(int p) {
    return "pid-" + p;
  }

  List<String> pidNames() {
    List<String> names = new ArrayList<>();
    for (int p = 1; p <= pids; p++) {
      names.add(pidName(p));
    }
    names.add("pid-default");
    return names;
  }

  static InetAddress host(int pid, int h) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, (byte) pid, (byte) h});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PID the demo's maps put {@code a} in: pid-p for 127.0.p.0/24, pid-default for the rest. */
  String pidOf(InetAddress a) {
    byte[] b = a.getAddress();
    int p = b.length == 4 && b[0] == 127 && b[1] == 0 ? b[2] & 0xff : 0;
    return p >= 1 && p <= pids ? pidName(p) : "pid-default";
  }

  /**
   * Writes the IRD, network map and cost map the demo's ALTO server serves. {@code padBytes}
   * grows the network map toward that size, as an ISP's real map would be, with /24s of 10/8 dealt
   * to the PIDs in turn (up to 65,536 of them, about 1.2 MB).
   */
  void writeMaps(Path dir, int padBytes) throws IOException {
    Files.createDirectories(dir);
    StringBuilder nm = new StringBuilder("{\"meta\":{\"vtag\":{\"resource-id\":\"" + NETWORK_MAP_ID
        + "\",\"tag\":\"unset\"}},\"network-map\":{\n");
    List<List<String>> extra = new ArrayList<>();
    for (int p = 0; p < pids; p++) {
      extra.add(new ArrayList<>());
    }
    int bytes = 0;
    for (int k = 0; k < 65_536 && bytes < padBytes; k++) {
      String prefix = "10." + (k >> 8) + "." + (k & 0xff) + ".0/24";
      extra.get(k % pids).add(prefix);
      bytes += prefix.length() + 3;
    }
    for (int p = 1; p <= pids; p++) {
      nm.append("\"").append(pidName(p)).append("\":{\"ipv4\":[\"127.0.").append(p).append(".0/24\"");
      for (String prefix : extra.get(p - 1)) {
        nm.append(",\"").append(prefix).append('"');
      }
      nm.append("]},\n");
    }
    nm.append("\"pid-default\":{\"ipv4\":[\"0.0.0.0/0\"],\"ipv6\":[\"::/0\"]}}}\n");
    Files.writeString(dir.resolve("networkmap.json"), nm);
    StringBuilder cm = new StringBuilder("{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"" + NETWORK_MAP_ID
        + "\",\"tag\":\"unset\"}],\"cost-type\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}},\"cost-map\":{\n");
    List<String> names = pidNames();
    for (int i = 0; i < names.size(); i++) {
      cm.append(i == 0 ? "" : ",\n").append('"').append(names.get(i)).append("\":{");
      for (int j = 0; j < names.size(); j++) {
        cm.append(j == 0 ? "" : ",").append('"').append(names.get(j)).append("\":").append(cost(i, j, names.size() - 1));
      }
      cm.append('}');
    }
    Files.writeString(dir.resolve("costmap.json"), cm.append("}}\n"));
    Files.writeString(dir.resolve("ird.json"), "{\"meta\":{\"cost-types\":{\"num-routing\":{\"cost-mode\":\"numerical\","
        + "\"cost-metric\":\"routingcost\"}},\"default-alto-network-map\":\"" + NETWORK_MAP_ID + "\"},\"resources\":{\""
        + NETWORK_MAP_ID + "\":{\"uri\":\"networkmap\",\"media-type\":\"application/alto-networkmap+json\"},"
        + "\"loopback-routingcost\":{\"uri\":\"costmap/num/routingcost\",\"media-type\":\"application/alto-costmap+json\","
        + "\"capabilities\":{\"cost-type-names\":[\"num-routing\"]},\"uses\":[\"" + NETWORK_MAP_ID + "\"]}}}\n");
  }

  /** i and j index pidNames(); the last one is the default PID. */
  private static int cost(int i, int j, int defaultIndex) {
    if (i == defaultIndex || j == defaultIndex) {
      return i == j ? 50 : 100;
    }
    return i == j ? 1 : 10 * Math.abs(i - j);
  }
}
