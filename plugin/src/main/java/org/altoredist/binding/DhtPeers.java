package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TcpEndpoint;

/** One DHT get_peers lookup through libtorrent4j, as plain distinct addresses. */
final class DhtPeers {

  private DhtPeers() {}

  /**
   * libtorrent4j returns the list its alert listener fills, and a late reply can still be added
   * while the caller reads it; copying through toArray never throws for that, and a slot not yet
   * filled reads as null.
   */
  static List<InetSocketAddress> lookup(SessionManager session, Sha1Hash target, int timeoutSeconds) {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    for (Object o : session.dhtGetPeers(target, timeoutSeconds).toArray()) {
      if (o instanceof TcpEndpoint e) {
        out.add(new InetSocketAddress(e.address().toString(), e.port()));
      }
    }
    return new ArrayList<>(out);
  }
}
