package org.altoredist.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.altoredist.wire.AddressGroup;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireLimits;

/**
 * The engine's connections: which links are open, which endpoints are known per torrent (from
 * discovery and from peers' endpoints messages), whom to dial next, and who is banned ({@link Bans}).
 * Loop-confined.
 */
final class Connections {

  /**
   * Endpoints remembered per torrent: enough to refill the default 32-peer set four times over,
   * bounded because every endpoints message can add 100 (and, in the simulation, because 10,000
   * nodes remembering 512 each held a third of the heap).
   */
  static final int MAX_CANDIDATES = 128;
  /** Address bytes, unsigned, then port: an order both ends of a link compute alike. */
  static final Comparator<InetSocketAddress> ADDRESS_ORDER =
      Comparator.comparing((InetSocketAddress a) -> a.getAddress().getAddress(), Arrays::compareUnsigned)
          .thenComparingInt(InetSocketAddress::getPort);

  private final PeerTransport transport;
  /** This node's addresses: where an endpoint on a wildcard address is reached. */
  private final List<InetAddress> localAddresses;
  private final int targetPeers;
  private final int maxPeers;
  private final Bans bans;
  private final RandomGenerator random;
  private final Map<PeerLink, Peer> peers = new LinkedHashMap<>();
  private final Map<InfoHash, LinkedHashSet<InetSocketAddress>> candidates = new LinkedHashMap<>();
  private final Set<InetSocketAddress> dialing = new HashSet<>();
  /** Private torrents (BEP 27): their links exchange no endpoints. */
  private final Set<InfoHash> privateTorrents = new HashSet<>();
  private int nextTorrent;

  Connections(PeerTransport transport, List<InetAddress> localAddresses, int targetPeers, int maxPeers, long banNanos,
      RandomGenerator random) {
    this.transport = transport;
    this.localAddresses = List.copyOf(localAddresses);
    this.targetPeers = targetPeers;
    this.maxPeers = maxPeers;
    this.bans = new Bans(banNanos);
    this.random = random;
  }

  Collection<Peer> peers() {
    return peers.values();
  }

  /** Every address this node has a link to or knows an endpoint of (banned addresses excepted), immutable. */
  Set<InetAddress> knownAddresses(long now) {
    Set<InetAddress> out = new HashSet<>();
    peers.keySet().forEach(l -> out.add(l.remoteAddress().getAddress()));
    candidates.values().forEach(c -> c.forEach(a -> out.add(a.getAddress())));
    out.removeIf(a -> bans.refuses(a, now));
    return Collections.unmodifiableSet(out);
  }

  Peer peer(PeerLink link) {
    return peers.get(link);
  }

  /**
   * A link opened; returns its peer, or null when it is refused (banned, too many peers, or a
   * second link to the same endpoint that loses the tie-break).
   */
  Peer opened(PeerLink link, long now) {
    link.listenAddress().ifPresent(dialing::remove);
    if (banned(link, now) || peers.size() >= maxPeers || peers.containsKey(link)
        || !keepDuplicate(link)) {
      return null;
    }
    Peer p = new Peer(link);
    peers.put(link, p);
    return p;
  }

  /**
   * Two nodes that dial each other at once end up with two links (and a peer may dial us twice).
   * Both ends keep a link dialled by the lower of the two listen addresses, so they agree without a
   * message, and close the others; returns false when {@code link} is one to close.
   */
  private boolean keepDuplicate(PeerLink link) {
    InetSocketAddress remote = link.listenAddress().orElse(null);
    if (remote == null) {
      return true;
    }
    List<Peer> same = new ArrayList<>();
    for (Peer other : peers.values()) {
      if (!other.isClosing() && remote.equals(other.link().listenAddress().orElse(null))
          && link.torrent().equals(other.link().torrent())) {
        same.add(other);
      }
    }
    boolean selfLower = ADDRESS_ORDER.compare(self(), remote) < 0;
    for (Peer other : same) {
      if (other.link().outgoing() == selfLower || link.outgoing() != selfLower) {
        return false;
      }
    }
    for (Peer other : same) {
      other.markClosing();
      other.link().disconnect();
    }
    return true;
  }

  Peer closed(PeerLink link) {
    link.listenAddress().ifPresent(dialing::remove);
    return peers.remove(link);
  }

  void dialFailed(InetSocketAddress remote) {
    dialing.remove(remote);
  }

  /** From now on, links of {@code torrent} neither send nor take endpoints messages. */
  void keepPrivate(InfoHash torrent) {
    privateTorrents.add(torrent);
  }

  void forgetPrivate(InfoHash torrent) {
    privateTorrents.remove(torrent);
  }

  /**
   * Endpoints a peer named on a link of {@code torrent}: candidates to dial, except on a private
   * torrent's link, whose peers come only from the owner's private discovery.
   */
  void named(InfoHash torrent, List<InetSocketAddress> endpoints, long now) {
    if (!privateTorrents.contains(torrent)) {
      learned(torrent, endpoints, now);
    }
  }

  /**
   * This node's listen address as its peers see it: an endpoint on a wildcard address is seen at
   * this node's first address (both ends of a duplicate link must order the same two addresses).
   */
  private InetSocketAddress self() {
    InetSocketAddress a = transport.localAddress();
    return a.getAddress().isAnyLocalAddress() && !localAddresses.isEmpty()
        ? new InetSocketAddress(localAddresses.get(0), a.getPort()) : a;
  }

  private boolean isSelf(InetSocketAddress a) {
    InetSocketAddress l = transport.localAddress();
    return a.equals(l) || l.getAddress().isAnyLocalAddress() && a.getPort() == l.getPort()
        && localAddresses.contains(a.getAddress());
  }

  /** Adds endpoints to the candidates for {@code torrent}; not ourselves, not the banned. */
  void learned(InfoHash torrent, List<InetSocketAddress> endpoints, long now) {
    LinkedHashSet<InetSocketAddress> known = candidates.computeIfAbsent(torrent, t -> new LinkedHashSet<>());
    for (InetSocketAddress a : endpoints) {
      if (!isSelf(a) && !bans.refuses(a, now)) {
        known.add(a);
      }
    }
    for (Iterator<InetSocketAddress> it = known.iterator(); known.size() > MAX_CANDIDATES; ) {
      it.next();
      it.remove();
    }
  }

  /** Dials random candidates, torrent by torrent, until open and pending links reach the target. */
  void dialMore(long now) {
    Set<InetSocketAddress> connected = new HashSet<>(dialing);
    for (Peer p : peers.values()) {
      p.link().listenAddress().ifPresent(connected::add);
    }
    List<InfoHash> torrents = new ArrayList<>(candidates.keySet());
    for (int tries = 0; peers.size() + dialing.size() < targetPeers && tries < torrents.size(); tries++) {
      InfoHash t = torrents.get(nextTorrent++ % torrents.size());
      List<InetSocketAddress> fresh = new ArrayList<>();
      for (InetSocketAddress a : candidates.get(t)) {
        if (!connected.contains(a) && !bans.refuses(a, now)) {
          fresh.add(a);
        }
      }
      while (!fresh.isEmpty() && peers.size() + dialing.size() < targetPeers) {
        InetSocketAddress a = fresh.remove(random.nextInt(fresh.size()));
        dialing.add(a);
        connected.add(a);
        transport.dial(t, a);
      }
    }
  }

  /**
   * Punishes the peer of {@code link} for a protocol violation: its endpoint is refused from now
   * on, and its whole address (an IPv4 address or an IPv6 /64) only after repeated violations from
   * several endpoints ({@link Bans}). Returns true when the address was shut out.
   */
  boolean ban(PeerLink link, long now) {
    InetSocketAddress endpoint = link.listenAddress().orElse(link.remoteAddress());
    boolean wholeAddress = bans.violation(endpoint, now);
    AddressGroup group = AddressGroup.of(endpoint.getAddress());
    for (LinkedHashSet<InetSocketAddress> known : candidates.values()) {
      known.removeIf(a -> wholeAddress ? group.contains(a.getAddress()) : a.equals(endpoint));
    }
    return wholeAddress;
  }

  /**
   * How long a peer dropped for something other than a violation is neither dialled nor accepted:
   * libtorrent waits as long (min_reconnect_time) before it dials a peer again, and a holder that
   * was slow a moment ago is asked again after that, not at once.
   */
  static final Duration REST = Duration.ofMinutes(1);

  /** Keeps {@code link}'s peer out for {@link #REST}: no ban, no strike against its address. */
  void rest(PeerLink link, long now) {
    bans.rest(link.listenAddress().orElse(link.remoteAddress()), now + REST.toNanos());
  }

  /** Whether {@code link}'s peer is banned: its connection, its listen endpoint, or its address. */
  boolean banned(PeerLink link, long now) {
    return bans.refuses(link.remoteAddress(), now) || link.listenAddress().map(a -> bans.refuses(a, now)).orElse(false);
  }

  /**
   * Tells {@code to} the listen addresses of the other peers of its torrent that it has not been
   * told yet. Sorted by address bytes and port, so the order says nothing (bep_ar_alto.md,
   * "endpoints": a sender must not choose or order them for the receiver). Nothing on a private
   * torrent's link: that would be peer exchange, which BEP 27 swarms do without.
   */
  void sendEndpoints(Peer to, long now) {
    if (to.endpoints().heldBack(now) || privateTorrents.contains(to.link().torrent())) {
      return;
    }
    Set<InetSocketAddress> present = new HashSet<>();
    for (Peer p : peers.values()) {
      if (p != to && p.link().torrent().equals(to.link().torrent())) {
        p.link().listenAddress().ifPresent(present::add);
      }
    }
    to.endpoints().forgetAllBut(present);
    List<InetSocketAddress> fresh = new ArrayList<>();
    for (InetSocketAddress a : present) {
      if (!to.endpoints().contains(a)) {
        fresh.add(a);
      }
    }
    fresh.sort(ADDRESS_ORDER);
    List<InetSocketAddress> batch = new ArrayList<>();
    int v4 = 0;
    int v6 = 0;
    for (InetSocketAddress a : fresh) {
      boolean isV4 = a.getAddress() instanceof Inet4Address;
      if (isV4 ? v4 < WireLimits.MAX_ENDPOINTS_PER_FAMILY : v6 < WireLimits.MAX_ENDPOINTS_PER_FAMILY) {
        batch.add(a);
        v4 += isV4 ? 1 : 0;
        v6 += isV4 ? 0 : 1;
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    if (to.link().send(new ArAltoMessage.Endpoints(batch)) == SendOutcome.SENT) {
      to.endpoints().addAll(batch);
    } else {
      to.endpoints().retryAt(now + WireLimits.ANNOUNCE_INTERVAL.toNanos() / WireLimits.ENDPOINTS_BURST);
    }
  }
}
