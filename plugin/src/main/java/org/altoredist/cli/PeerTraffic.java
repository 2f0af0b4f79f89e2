package org.altoredist.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.libtorrent4j.PeerInfo;
import org.libtorrent4j.TorrentHandle;

/**
 * Content bytes a torrent exchanged with each peer, summed by the peer's PID. libtorrent reports
 * totals per live connection only, so this samples them and keeps each connection's last totals
 * after it closes; bytes a connection moved after its last sample, or a connection that opened and
 * closed between two samples, are not counted.
 */
final class PeerTraffic {

  private final Map<String, long[]> byConnection = new HashMap<>();

  /** Reads the torrent's current connections. */
  synchronized void sample(TorrentHandle h) {
    if (!h.isValid()) {
      return;
    }
    for (PeerInfo p : h.peerInfo()) {
      byConnection.put(p.ip(), new long[] {p.totalDownload(), p.totalUpload()});
    }
  }

  /** Bytes received (index 0) and sent (index 1) per PID; "unknown" for addresses no map covers. */
  synchronized Map<String, long[]> byPid(Function<InetAddress, String> pidOf) {
    Map<String, long[]> out = new TreeMap<>();
    for (Map.Entry<String, long[]> e : byConnection.entrySet()) {
      InetSocketAddress a = parse(e.getKey());
      String pid = a == null || a.isUnresolved() ? null : pidOf.apply(a.getAddress());
      long[] sum = out.computeIfAbsent(pid == null ? "unknown (" + e.getKey() + ")" : pid, k -> new long[2]);
      sum[0] += e.getValue()[0];
      sum[1] += e.getValue()[1];
    }
    return out;
  }

  /** libtorrent4j writes a peer as "tcp://ip:port" (or utp://). */
  private static InetSocketAddress parse(String peer) {
    try {
      return SessionOptions.parse(peer.replaceFirst("^[a-z]+://", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
