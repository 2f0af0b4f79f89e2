package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.DhtGetPeersReplyAlert;
import org.libtorrent4j.alerts.PeerBlockedAlert;

/**
 * The content peers the steering knows of for each torrent, by info-hash: what its asynchronous
 * DHT lookups of the torrent found, and each peer libtorrent refused to add because the cost filter
 * blocks it (from trackers, PEX, the DHT or a dial; libtorrent erases blocked peers from its own
 * list, and libtorrent4j cannot read that list anyway). These are the peers the filter can let
 * back through when a download starves, and the candidates the steering dials best first.
 *
 * <p>Alerts arrive on libtorrent4j's alert thread and are read before the callback returns (an
 * alert's memory is freed at the next pop); the steering thread reads the lists.
 */
final class Candidates implements AlertListener {

  /**
   * Peers remembered per torrent, oldest forgotten first: more than a torrent ever has connected
   * (libtorrent's default connections_limit is 200), well under its peer list (3,000).
   */
  static final int PER_TORRENT = 500;

  private static final int[] TYPES = {AlertType.DHT_GET_PEERS_REPLY.swig(), AlertType.PEER_BLOCKED.swig()};

  private final Map<String, Map<InetSocketAddress, Boolean>> byTorrent = new ConcurrentHashMap<>();
  /** Torrents that learned a peer since the steering last looked: it dials them at once. */
  private final Set<String> fresh = ConcurrentHashMap.newKeySet();

  @Override
  public int[] types() {
    return TYPES;
  }

  @Override
  public void alert(Alert<?> alert) {
    if (alert instanceof DhtGetPeersReplyAlert r) {
      String hex = r.infoHash().toHex();
      if (byTorrent.containsKey(hex)) {
        for (TcpEndpoint e : r.peers()) {
          add(hex, new InetSocketAddress(e.address().toString(), e.port()));
        }
      }
    } else if (alert instanceof PeerBlockedAlert b && b.reason() == PeerBlockedAlert.Reason.IP_FILTER) {
      // An incoming connection's alert names no torrent, and its port is not one to dial.
      TorrentHandle h = b.handle();
      if (h != null && h.isValid()) {
        String hex = h.infoHash().toHex();
        TcpEndpoint e = new TcpEndpoint(b.swig().get_endpoint());
        if (byTorrent.containsKey(hex) && e.port() > 0) {
          add(hex, new InetSocketAddress(e.address().toString(), e.port()));
        }
      }
    }
  }

  /** Starts remembering peers of a torrent. */
  void follow(String infoHashHex) {
    byTorrent.computeIfAbsent(infoHashHex, k -> new LinkedHashMap<>());
  }

  /** Forgets a torrent no longer followed. */
  void forget(String infoHashHex) {
    byTorrent.remove(infoHashHex);
    fresh.remove(infoHashHex);
  }

  /** Whether the torrent learned a peer since the last call: a lookup's answer is worth dialling now. */
  boolean takeFresh(String infoHashHex) {
    return fresh.remove(infoHashHex);
  }

  void add(String infoHashHex, InetSocketAddress peer) {
    Map<InetSocketAddress, Boolean> peers = byTorrent.get(infoHashHex);
    if (peers == null || peer.isUnresolved()) {
      return;
    }
    synchronized (peers) {
      if (peers.remove(peer) == null) {
        fresh.add(infoHashHex);
      }
      peers.put(peer, Boolean.TRUE);
      if (peers.size() > PER_TORRENT) {
        peers.remove(peers.keySet().iterator().next());
      }
    }
  }

  /** The peers known for a torrent, the most recently seen last. */
  List<InetSocketAddress> of(String infoHashHex) {
    Map<InetSocketAddress, Boolean> peers = byTorrent.get(infoHashHex);
    if (peers == null) {
      return List.of();
    }
    synchronized (peers) {
      return new ArrayList<>(peers.keySet());
    }
  }
}
