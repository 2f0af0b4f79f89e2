package org.altoredist.binding.bt;

import bt.metainfo.TorrentId;
import bt.net.InetPeer;
import bt.net.Peer;
import bt.peer.PeerSource;
import bt.peer.PeerSourceFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.altoredist.alto.VersionTag;
import org.altoredist.binding.AltoListener;
import org.altoredist.engine.EngineEvents;
import org.altoredist.engine.Ranker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the verified maps make Bt do, through the one lever Bt 1.10 exposes: a peer source. Every
 * peer Bt discovers for a torrent (from its trackers, its DHT, PEX) is remembered, and this
 * source offers them back to Bt ranked by ALTO cost from this node's PID, best first, the
 * configured share of random picks mixed in as RFC 5632 advises, so that Bt's connection attempts
 * go to nearby peers first whenever it has room for more connections.
 *
 * <p>What Bt does not allow, and this binding therefore cannot do:
 *
 * <ul>
 *   <li><b>Choking.</b> {@code bt.torrent.messaging.Choker} is a package-private singleton with a
 *       fixed 10 s round; nothing can prefer local peers when upload slots are handed out.
 *   <li><b>Refusing peers.</b> There is no connection filter: a {@code PeerConnectionAcceptor}
 *       replaces the whole acceptor, and a {@code HandshakeHandler} sees a write-only connection
 *       that it cannot close. Inbound peers from expensive PIDs are served like any other.
 *   <li><b>Ordering Bt's own sources.</b> Peers from trackers, DHT and PEX are connected in the
 *       order Bt meets them; this source only adds ranked offers beside them, polled every
 *       {@code Config.peerDiscoveryInterval} (5 s by default).
 *   <li><b>Rate limits per PID.</b> Bt has no peer classes and no per-peer rate limits.
 * </ul>
 *
 * <p>A listener that is an {@link AltoListener} is told {@code MAP_APPLIED} when a new network map
 * version first orders the offers, as the libtorrent4j binding tells it; with no blocks and no
 * relief here, nothing else.
 *
 * <p>The ranking stays on this node: nothing here is sent to any peer.
 */
final class BtSteering implements PeerSourceFactory {

  /** Peers remembered per torrent: Bt's default connection limit per torrent is 500. */
  static final int MAX_REMEMBERED = 500;
  /** Ranked peers offered per poll; Bt connects to at most 10 active peers per torrent by default. */
  static final int OFFERED = 50;

  private static final Logger log = LoggerFactory.getLogger(BtSteering.class);

  private final Supplier<Optional<Ranker>> ranker;
  private final EngineEvents listener;
  /** The network map version the offers are ranked by; guarded by {@code this}. */
  private VersionTag appliedFor;
  private final Map<TorrentId, LinkedHashSet<InetSocketAddress>> known = new ConcurrentHashMap<>();
  private final SplittableRandom random = new SplittableRandom();

  /** @param listener the owner's; told of steering changes if it is an {@link AltoListener} */
  BtSteering(Supplier<Optional<Ranker>> ranker, EngineEvents listener) {
    this.ranker = ranker;
    this.listener = listener;
  }

  /** Bt discovered a peer of a torrent (its event, on Bt's thread). */
  void discovered(TorrentId torrent, Peer peer) {
    if (peer.isPortUnknown()) {
      return;
    }
    LinkedHashSet<InetSocketAddress> set = known.computeIfAbsent(torrent, t -> new LinkedHashSet<>());
    synchronized (set) {
      set.add(new InetSocketAddress(peer.getInetAddress(), peer.getPort()));
      var it = set.iterator();
      while (set.size() > MAX_REMEMBERED) {
        it.next();
        it.remove();
      }
    }
  }

  /** The peers of {@code torrent} best-ranked first, at most {@link #OFFERED}; empty without maps. */
  List<InetSocketAddress> ranked(TorrentId torrent) {
    Optional<Ranker> r = ranker.get();
    LinkedHashSet<InetSocketAddress> set = known.get(torrent);
    if (r.isEmpty()) {
      return List.of();
    }
    applied(r.get());
    if (set == null) {
      return List.of();
    }
    List<InetSocketAddress> candidates;
    synchronized (set) {
      candidates = new ArrayList<>(set);
    }
    List<InetSocketAddress> ranked;
    synchronized (random) {
      ranked = r.get().rank(candidates, random);
    }
    return ranked.subList(0, Math.min(OFFERED, ranked.size()));
  }

  /** Tells the listener once per network map version that the offers follow it. */
  private void applied(Ranker r) {
    synchronized (this) {
      if (r.networkMap().equals(appliedFor)) {
        return;
      }
      appliedFor = r.networkMap();
    }
    if (listener instanceof AltoListener l) {
      try {
        l.steeringChanged(new AltoListener.SteeringChange(AltoListener.SteeringChange.Kind.MAP_APPLIED, null,
            "network map " + r.networkMap() + ", own PID " + r.selfPid()));
      } catch (RuntimeException e) {
        log.warn("the Bt binding's listener failed on a steering change", e);
      }
    }
  }

  @Override
  public PeerSource getPeerSource(TorrentId torrent) {
    return new PeerSource() {
      private List<InetSocketAddress> offer = List.of();

      @Override
      public boolean update() {
        offer = ranked(torrent);
        return !offer.isEmpty();
      }

      /** A fresh list each time: Bt removes from it the peers it takes. */
      @Override
      public Collection<Peer> getPeers() {
        List<Peer> peers = new ArrayList<>();
        for (InetSocketAddress a : offer) {
          peers.add(InetPeer.build(a.getAddress(), a.getPort()));
        }
        return peers;
      }
    };
  }
}
