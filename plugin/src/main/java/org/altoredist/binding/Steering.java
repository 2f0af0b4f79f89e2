package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.altoredist.alto.VersionTag;
import org.altoredist.engine.Ranker;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the verified maps make libtorrent do, through the only levers libtorrent4j exposes. Steering
 * is a preference, never a wall: a download that starves is let through to costlier PIDs.
 *
 * <ul>
 *   <li>{@code connect_peer}: the torrent's known peers ({@link Candidates}: its asynchronous DHT
 *       lookups, the peers libtorrent refused) are ranked and dialled best first, a few per steering
 *       round. libtorrent's own peer list is not visible through libtorrent4j, so its order cannot
 *       be changed; the plugin adds connections in front of it.
 *   <li>the peer-class filter: this node's own PID goes into libtorrent's built-in local peer class
 *       (id 2), everything else into the global class (id 0), so the session's rate limits (the
 *       global class's) bear on traffic that leaves the PID only, and local peers are unchoked
 *       regardless of upload slots. With {@link AltoPlugin.Builder#localPeersWithinLimits} the own
 *       PID stays in the global class too: the limits bound all traffic, and local peers weigh
 *       double when libtorrent shares bandwidth (each class adds its priority, 1 by default;
 *       libtorrent4j cannot set priorities). The PID's gateway ({@link PidGateway}) with two
 *       PID-mates or more then keeps its own PID in the global class only: its upload carries both
 *       what its PID-mates fetch and what the other PIDs import through it, and the mates, which
 *       also fetch from one another, must not take twice the exports' share (issue 12's transit
 *       runs, 4 pairs at load 19 to 38: median completion 0.615 to 0.754 of the all-vanilla
 *       swarm's against 0.685 to 0.808, lower in every pair; BENCHMARKS.md). A gateway's only
 *       PID-mate has nobody else nearby: in the global class alone it waited 2 to 4 s at a time
 *       for one of the gateway's upload slots, among every other PID's peers, and finished up to
 *       3.5 s after it (the pairs layout); so a gateway of one mate, or of none, keeps its PID in
 *       both classes. The filter replaces libtorrent's default, which puts LAN and loopback ranges
 *       in the local class; it is restored on detach. libtorrent gives a connection its classes
 *       when it is made ({@code session_impl::set_peer_class_filter} only stores the filter), and
 *       a first map arrives over connections already made: when the classes change, the
 *       connections to this node's PID made before are closed and dialled again
 *       ({@link StaleClasses}), those it can dial. Connections to other PIDs keep their classes
 *       until they close: theirs differ only in which limits bear on them, and redoing them all
 *       would cost more than it gains.
 *   <li>the IP filter, {@link CostFilter}: by default every PID costlier than this node's own is
 *       blocked while the session downloads (the blocks steer where its downloads come from; a
 *       session that only seeds blocks nobody, so a starving peer elsewhere can always reach it).
 *       Steering is a preference, never a wall; the blocks give way three ways:
 *       <ol>
 *         <li>A node that knows no other ALTO peer in its PID (for two minutes) blocks nothing:
 *             nobody nearby would take over what the blocks turn away.
 *         <li>One ALTO peer per PID, its gateway ({@link PidGateway}: the lowest hash of an address
 *             among the PID's ALTO peers, the same at each of them), blocks nothing and imports for
 *             the others, which fetch from it. Where transit is scarce a PID then imports each piece
 *             about once instead of once per peer that fetches across (issue 12's transit runs: 2.4
 *             to 2.8 copies per PID before, and the shaped links were the bottleneck). The gateways
 *             keep the swarm joined.
 *         <li>A starving download gets relief ({@link Starvation}, where each number is argued):
 *             when nothing it lacks is held by a connected peer for 2 s while its gateway is not
 *             bringing pieces in (not connected, idle for 1.5 s, or behind it in whole pieces),
 *             when every holder chokes it while it is slow (under half its neighbours' rate; with
 *             fewer than 2 downloading neighbours, nothing arriving) for 2 s, or when it runs
 *             under half its neighbours' rate for 3 s, its cheapest blocked peers are let through
 *             and dialled at once: 2, and twice as many every 6 s it still starves, except while
 *             it holds nothing and no connected peer holds anything, those 2 connected and
 *             included, when 2 is all for up to 30 s. Vanilla peers and gateways come first among
 *             equally cheap peers: they accept anyone. In the second half of a download, relief on
 *             nothing held comes with no grace and doubles every second. Early relief ends after
 *             5 s of nearby sources at a fair rate; late relief lasts until the download
 *             completes. P4P and Ono fall back to random peers the same way when local ones cannot
 *             serve.
 *       </ol>
 *       While the blocks stand, libtorrent keeps a peer connected when it completes
 *       ({@link SeedConnections}): it would otherwise drop a gateway that a PID-mate had caught
 *       up with at the gateway's last piece, and not dial it again for a minute.
 * </ul>
 *
 * <p>Private torrents (BEP 27) are never looked up in the DHT. Touched from the steering thread only.
 */
final class Steering {

  private static final Logger log = LoggerFactory.getLogger(Steering.class);

  /** How often a downloading public torrent's peers are looked up in the DHT: its usual re-announce pace. */
  static final long LOOKUP_EVERY_NANOS = 60_000_000_000L;
  /** How soon a starving torrent may be looked up again, to find more peers to let through. */
  static final long STARVING_LOOKUP_EVERY_NANOS = 10_000_000_000L;

  private final SessionManager session;
  private final AltoPlugin.Settings settings;
  private final InetSocketAddress self;
  private final RandomGenerator random;
  private final Candidates candidates;
  private final Dialler dialler;
  private final PeerClasses classes;
  private final StaleClasses staleClasses;
  private final Map<String, Watch> watched = new HashMap<>();
  private volatile VersionTag appliedFor;
  private long rounds;
  private long lastRoundNanos;
  private boolean roundDone;
  private final PidGateway gateway;
  /** Null without a cost filter. */
  private final CostFilter costFilter;
  private final SeedConnections seedConnections;

  Steering(SessionManager session, AltoPlugin.Settings settings, InetSocketAddress self, RandomGenerator random,
      Clock clock, Candidates candidates) {
    this.session = session;
    this.settings = settings;
    this.self = self;
    this.random = random;
    this.candidates = candidates;
    this.dialler = new Dialler(self, clock);
    this.classes = new PeerClasses(session, settings);
    this.staleClasses = new StaleClasses(session, self);
    this.gateway = new PidGateway(self.getAddress());
    this.costFilter = Double.isNaN(settings.costThreshold()) ? null
        : new CostFilter(session, settings.costThreshold(), self.getAddress());
    this.seedConnections = new SeedConnections(session);
  }

  /** The network map whose filters libtorrent applies now; null before the first. */
  VersionTag appliedFor() {
    return appliedFor;
  }

  List<SteeringEvent> events() {
    return dialler.events();
  }

  /**
   * One watch tick (every second): applies a new map version's filters once, decides whether the
   * cost filter stands, watches each torrent for starvation, and every steering interval dials
   * each torrent's best candidates.
   */
  void tick(Ranker ranker, List<TorrentHandle> torrents, Set<InetAddress> altoPeers, long nanos) {
    if (!ranker.networkMap().equals(appliedFor)) {
      applyFilters(ranker);
      appliedFor = ranker.networkMap();
      tell(AltoListener.SteeringChange.Kind.MAP_APPLIED, null, "network map " + appliedFor + ", own PID "
          + ranker.selfPid());
    }
    boolean round = !roundDone || nanos - lastRoundNanos >= settings.steerEvery().toNanos();
    if (round) {
      roundDone = true;
      lastRoundNanos = nanos;
    }
    List<TorrentHandle> valid = new ArrayList<>();
    List<Watch> watches = new ArrayList<>();
    boolean downloading = false;
    for (TorrentHandle h : torrents) {
      if (!h.isValid()) {
        continue;
      }
      Watch w = watched.computeIfAbsent(h.infoHash().toHex(), k -> {
        candidates.follow(k);
        return new Watch(k);
      });
      w.peers.refresh(h, nanos, a -> costFilter != null && costFilter.costlier(a));
      downloading |= w.peers.wanting();
      valid.add(h);
      watches.add(w);
    }
    boolean isGateway = gateway.update(ranker.selfPid(), ranker::pidOf, altoPeers, nanos);
    classes.gateway(isGateway, gateway.mates(), ranker);
    reclassify(ranker, valid, watches);
    if (costFilter != null) {
      String why = gateway.alone() ? "no other ALTO peer in this PID"
          : isGateway ? "this node is its PID's gateway"
          : downloading ? "downloading, " + gateway.gateway() + " is the PID's gateway" : "nothing downloading";
      boolean on = !isGateway && downloading;
      if (costFilter.enable(on, why)) {
        tell(on ? AltoListener.SteeringChange.Kind.BLOCKS_ON : AltoListener.SteeringChange.Kind.BLOCKS_OFF, null, why);
      }
      seedConnections.keep(costFilter.active());
    }
    for (int i = 0; i < valid.size(); i++) {
      watches.get(i).observe(ranker, valid.get(i), altoPeers, nanos);
      // A lookup's answer is dialled when it arrives, not a steering interval later, when
      // libtorrent may have connected the same peers in its own order.
      if (candidates.takeFresh(watches.get(i).hex) | round) {
        dialBest(ranker, valid.get(i), watches.get(i).peers, altoPeers, rounds);
      }
    }
    if (round) {
      rounds++;
    }
    Set<String> live = new HashSet<>();
    watches.forEach(w -> live.add(w.hex));
    watched.keySet().removeIf(hex -> {
      if (live.contains(hex)) {
        return false;
      }
      candidates.forget(hex);
      if (costFilter != null) {
        costFilter.forget(hex);
      }
      return true;
    });
  }

  /** Redoes the connections to this node's PID that a change of peer classes left classed as before. */
  private void reclassify(Ranker ranker, List<TorrentHandle> valid, List<Watch> watches) {
    if (!classes.changed()) {
      return;
    }
    Set<InetAddress> connected = new HashSet<>();
    watches.forEach(w -> connected.addAll(w.peers.connectedAddresses()));
    Set<InetAddress> stale = classes.stale(connected, ranker);
    if (!stale.isEmpty()) {
      List<Set<InetSocketAddress>> dialable = new ArrayList<>();
      List<Set<InetAddress>> connectedTo = new ArrayList<>();
      for (Watch w : watches) {
        Set<InetSocketAddress> endpoints = new HashSet<>(w.peers.dialled());
        endpoints.addAll(candidates.of(w.hex));
        dialable.add(endpoints);
        connectedTo.add(w.peers.connectedAddresses());
      }
      staleClasses.reconnect(stale, valid, dialable, connectedTo);
    }
  }

  /** Tells the owner's listener; a listener that throws loses its event, not the steering's tick. */
  private void tell(AltoListener.SteeringChange.Kind kind, String torrent, String detail) {
    try {
      settings.listener().steeringChanged(new AltoListener.SteeringChange(kind, torrent, detail));
    } catch (RuntimeException e) {
      log.warn("{}: the plugin's listener failed on a steering change", self, e);
    }
  }

  private void dialBest(Ranker ranker, TorrentHandle h, TorrentPeers peers, Set<InetAddress> altoPeers, long round) {
    List<InetSocketAddress> known = new ArrayList<>(new LinkedHashSet<>(candidates.of(h.infoHash().toHex())));
    known.removeIf(c -> c.equals(self));
    if (costFilter != null && costFilter.active()) {
      known.removeIf(c -> costFilter.blocks(c.getAddress()));
    }
    // An incoming connection shows the peer's ephemeral port, not the one it listens on: a peer
    // counts as connected by its address.
    Set<InetAddress> connected = peers.connectedAddresses();
    List<InetSocketAddress> ranked = ranker.rank(known, random);
    for (int i = 0; i < Math.min(settings.connectPerTick(), ranked.size()); i++) {
      dialler.dial(ranker, h, ranked.get(i), round, i, !connected.contains(ranked.get(i).getAddress()));
    }
  }

  private void applyFilters(Ranker ranker) {
    classes.apply(ranker);
    if (costFilter != null) {
      costFilter.apply(ranker);
    }
  }

  /** Hands libtorrent back the filters it had before the plugin attached. */
  void restore() {
    classes.restore();
    if (costFilter != null) {
      costFilter.restore();
    }
    seedConnections.restore();
  }

  /** The peer classes libtorrent assigns an address now, as bits of the class ids. */
  long peerClassesOf(InetAddress a) {
    return classes.of(a);
  }

  /** One followed torrent's starvation watch, relief and DHT lookups. */
  private final class Watch {
    private final String hex;
    private final Starvation starvation = new Starvation();
    private final TorrentPeers peers = new TorrentPeers();
    private long lastLookup = Long.MIN_VALUE;
    private Set<InetAddress> relieved = Set.of();

    Watch(String hex) {
      this.hex = hex;
    }

    void observe(Ranker ranker, TorrentHandle h, Set<InetAddress> altoPeers, long nanos) {
      boolean filtering = costFilter != null && costFilter.active();
      int before = starvation.level();
      // Without blocks in force nothing holds the download back, and no relief is owed.
      boolean reliefConnected = !relieved.isEmpty() && peers.connectedAddresses().containsAll(relieved);
      Starvation.Sample sample = filtering ? peers.sample(nanos, gateway.gateway(), reliefConnected)
          : new Starvation.Sample(nanos, false, 0, 0, 0, 0, 0, 0);
      int level = starvation.observe(sample);
      if (log.isTraceEnabled()) {
        log.trace("{}: torrent {}: {}, level {}", self, hex, sample, level);
      }
      boolean publicTorrent = isPublic(h);
      // Looked up once when first steered (a seed then dials the nearest of those who download), then
      // only while downloading; a paused torrent is left alone, as libtorrent leaves it.
      if (publicTorrent && settings.dht() && !peers.paused() && session.isDhtRunning() && (lastLookup == Long.MIN_VALUE
          || peers.wanting() && (nanos - lastLookup >= LOOKUP_EVERY_NANOS
              || level > before && nanos - lastLookup >= STARVING_LOOKUP_EVERY_NANOS))) {
        lastLookup = nanos;
        session.swig().dht_get_peers(h.infoHash().swig());
      }
      if (!filtering) {
        return;
      }
      Set<InetAddress> next = ReliefChoice.choose(ranker, self.getAddress(), candidates.of(hex), costFilter::costlier,
          altoPeers, relieved, Starvation.admitted(level));
      if (!next.equals(relieved)) {
        Set<InetAddress> added = new LinkedHashSet<>(next);
        added.removeAll(relieved);
        if (level > before) {
          log.info("{}: torrent {} starving ({}): relief level {}, letting {} peers of costlier PIDs through, newly {}",
              self, hex, starvation.reason(), level, next.size(), added);
        } else if (level < before) {
          log.info("{}: torrent {}: relief level {} ({}), {} peers of costlier PIDs let through", self, hex, level,
              !peers.wanting() ? "download complete" : !filtering ? "no blocks in force" : "nearby sources feed it",
              next.size());
        } else {
          log.debug("{}: torrent {}: relief level {}, newly known peers let through {}", self, hex, level, added);
        }
        relieved = next;
        costFilter.relieve(hex, next);
        tell(AltoListener.SteeringChange.Kind.RELIEF, hex, "relief level " + level + " (" + starvation.reason()
            + "), " + next.size() + " peers of costlier PIDs let through");
        for (InetSocketAddress c : candidates.of(hex)) {
          if (added.contains(c.getAddress()) && !peers.connected().contains(c)) {
            dialler.dial(ranker, h, c, rounds, -1, true);
          }
        }
      }
    }
  }

  private static boolean isPublic(TorrentHandle h) {
    TorrentInfo info = h.torrentFile();
    return info != null && !info.isPrivate();
  }
}
