package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.wire.InfoHash;

/**
 * Meeting peers: which torrents' connections are accepted, and which rendezvous keys (a torrent's,
 * a wanted resource's) this node has joined through which {@link Discovery}; what a rendezvous
 * finds is dialled. Loop-confined.
 */
final class Rendezvous {

  private final Config config;
  private final EngineLoop loop;
  private final PeerTransport transport;
  private final Connections connections;
  private final Holdings holdings;
  private final Discovery discovery;
  private final Discovery privateDiscovery;
  private final Map<RendezvousKey, Discovery.Membership> memberships = new LinkedHashMap<>();

  Rendezvous(Config config, EngineLoop loop, PeerTransport transport, Connections connections, Holdings holdings,
      Discovery discovery, Discovery privateDiscovery) {
    this.config = config;
    this.loop = loop;
    this.transport = transport;
    this.connections = connections;
    this.holdings = holdings;
    this.discovery = discovery;
    this.privateDiscovery = privateDiscovery;
  }

  /** Accepts connections for, and joins the rendezvous of, a torrent. */
  void join(InfoHash torrent) {
    transport.accept(torrent);
    join(RendezvousKey.forTorrent(torrent), torrent, discovery);
  }

  /** Accepts connections for a private torrent, and meets its peers through the private discovery only. */
  void joinPrivate(InfoHash torrent) {
    connections.keepPrivate(torrent);
    transport.accept(torrent);
    join(RendezvousKey.forTorrent(torrent), torrent, privateDiscovery);
  }

  /** Stops accepting connections for a torrent and leaves its rendezvous; its open links stay. */
  void leave(InfoHash torrent) {
    transport.refuse(torrent);
    connections.forgetPrivate(torrent);
    Discovery.Membership m = memberships.remove(RendezvousKey.forTorrent(torrent));
    if (m != null) {
      m.close();
    }
  }

  /** Joins the resource keys of everything wanted, so holders in any swarm can be found. */
  void joinWanted() {
    if (!config.resourceRendezvous()) {
      return;
    }
    for (Service s : config.services()) {
      for (ResourceKey k : Wants.of(s, holdings)) {
        RendezvousKey key = RendezvousKey.forResource(k.service(), k.resourceId());
        if (!memberships.containsKey(key)) {
          transport.accept(key.asInfoHash());
          join(key, key.asInfoHash(), discovery);
        }
      }
    }
  }

  private void join(RendezvousKey key, InfoHash dialAs, Discovery through) {
    if (!memberships.containsKey(key)) {
      memberships.put(key, through.join(key, transport.localAddress(),
          found -> loop.execute(() -> learned(dialAs, found))));
    }
  }

  private void learned(InfoHash torrent, List<InetSocketAddress> found) {
    long now = loop.nanoTime();
    connections.learned(torrent, found, now);
    connections.dialMore(now);
  }

  void close() {
    memberships.values().forEach(Discovery.Membership::close);
  }
}
