package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.ip_filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections whose peer classes went stale and dials their peers again, so that
 * libtorrent classes them anew. libtorrent gives a connection its classes when it is made
 * ({@code session_impl::set_peer_classes}, at connect and at accept; {@code set_peer_class_filter}
 * only stores the filter). A node's first map usually arrives over connections already made, from
 * the swarm itself unless a state directory kept one, so without this its PID-mates would keep the
 * classes libtorrent gave every peer before the map for as long as the connections last.
 *
 * <p>libtorrent4j offers one way to close a chosen connection: the IP filter. A filter that blocks
 * the address makes libtorrent close its connections and erase it from every torrent's peer list
 * ({@code torrent::ip_filter_updated}); the filter as it stood, whoever wrote it, is put back at
 * once, and the peer is dialled again, libtorrent running the three in the order asked on its
 * network thread. Only a peer this node can dial again is closed: one it dialled itself in some
 * torrent, or one whose listen port a lookup found. An incoming connection's port is not the one
 * its peer listens on, and a peer that dialled in may not dial back soon: libtorrent does at once
 * only where it offered encryption on the connection (its fast reconnect, twice per peer), and
 * otherwise after min_reconnect_time, a minute; if the peer runs the plugin, its own steering
 * finds the same connection stale and redoes it. Touched from the steering thread only.
 */
final class StaleClasses {

  private static final Logger log = LoggerFactory.getLogger(StaleClasses.class);

  private final SessionManager session;
  private final InetSocketAddress self;

  StaleClasses(SessionManager session, InetSocketAddress self) {
    this.session = session;
    this.self = self;
  }

  /**
   * Closes the connections to the {@code stale} peers that some torrent knows an endpoint of, in
   * {@code dialable} (one set per torrent of {@code torrents}), and dials each of them again in
   * every torrent where it was dialable or {@code connected}. The filter closes a peer's connections
   * in every torrent; one that dialled in to a torrent is dialled back there at the endpoint another
   * torrent knows, since a client listens on one port for all its torrents.
   */
  void reconnect(Set<InetAddress> stale, List<TorrentHandle> torrents, List<Set<InetSocketAddress>> dialable,
      List<Set<InetAddress>> connected) {
    Map<InetAddress, InetSocketAddress> listening = new LinkedHashMap<>();
    for (Set<InetSocketAddress> endpoints : dialable) {
      for (InetSocketAddress e : endpoints) {
        if (stale.contains(e.getAddress())) {
          listening.putIfAbsent(e.getAddress(), e);
        }
      }
    }
    Set<InetAddress> closing = listening.keySet();
    if (closing.isEmpty()) {
      log.debug("{}: peer classes changed: {} connections to this PID, dialled by their peers, keep theirs", self,
          stale.size());
      return;
    }
    ip_filter now = session.swig().get_ip_filter();
    ip_filter blocking = new ip_filter(now);
    for (InetAddress a : closing) {
      address x = LibtorrentEndpoints.of(a);
      blocking.add_rule(x, x, CostFilter.BLOCKED);
    }
    session.swig().set_ip_filter(blocking);
    session.swig().set_ip_filter(now);
    for (int i = 0; i < torrents.size(); i++) {
      Set<InetAddress> dialled = new HashSet<>();
      for (InetSocketAddress e : dialable.get(i)) {
        if (closing.contains(e.getAddress())) {
          LibtorrentEndpoints.connect(torrents.get(i), e);
          dialled.add(e.getAddress());
        }
      }
      for (InetAddress a : connected.get(i)) {
        if (closing.contains(a) && !dialled.contains(a)) {
          LibtorrentEndpoints.connect(torrents.get(i), listening.get(a));
        }
      }
    }
    log.info("{}: peer classes changed: reconnecting {} peers of this PID {}{}", self, closing.size(), closing,
        closing.size() < stale.size() ? "; " + (stale.size() - closing.size()) + " that dialled in keep theirs" : "");
  }
}
