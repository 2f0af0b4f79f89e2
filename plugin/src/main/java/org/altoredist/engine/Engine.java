package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redistribution engine's state machine: what peers claim, what to fetch from whom, what to
 * verify, hold, announce and serve. Every method runs on the {@link EngineLoop}; the transport's
 * calls are moved onto it first. {@link Lifecycle} holds the parts that face the owner (server
 * fallback, store, rendezvous, snapshots).
 */
final class Engine implements PeerTransport.Listener {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /**
   * After a busy reject the peer is left alone for about a round trip, but at least this long (a
   * round trip too short to measure must not turn into a stream of requests)...
   */
  static final long MIN_BUSY_BACKOFF_NANOS = 50_000_000L;
  /** ...and at most this long, so a peer that was busy once is asked again soon. */
  static final long MAX_BUSY_BACKOFF_NANOS = 2_000_000_000L;

  final Config config;
  final EngineLoop loop;
  final PeerTransport transport;
  final Checker checker;
  final Holdings holdings;
  final Stats stats = new Stats();
  /** The owner's listener; called on the loop. */
  final EngineEvents events;
  final Offers offers = new Offers();
  final Deltas deltas = new Deltas();
  private final DeltaSwitch switches = new DeltaSwitch();
  final Announcer announcer = new Announcer(deltas);
  final Connections connections;
  final RandomGenerator random;
  final BundleCache cache;
  final Map<ResourceKey, Download> downloads = new LinkedHashMap<>();
  private final Map<BundleHash, Download> downloadsByHash = new HashMap<>();
  final Set<ResourceKey> verifying = new HashSet<>();
  final Refusals refusals = new Refusals(this);
  Lifecycle lifecycle;
  boolean closed;
  boolean endpointsChanged;
  /** An inventory batch is collecting changes; it goes out when its delay is over. */
  private boolean inventoryBatchPending;

  Engine(Config config, EngineLoop loop, PeerTransport transport, BundleCache cache, RandomGenerator random,
      EngineEvents events) {
    this.events = events;
    this.config = config;
    this.loop = loop;
    this.transport = transport;
    this.cache = cache;
    this.random = random;
    this.checker = new Checker(cache, config.localAddresses());
    this.holdings = new Holdings(config.storeBudget(), config.relayBudget());
    this.connections = new Connections(transport, config.localAddresses(), config.targetPeers(), config.maxPeers(), config.ban().toNanos(),
        random);
  }

  // ---- transport events, from any thread ----

  @Override
  public void opened(PeerLink link) {
    loop.execute(() -> onOpened(link));
  }

  @Override
  public void message(PeerLink link, ArAltoMessage message) {
    loop.execute(() -> onMessage(link, message));
  }

  @Override
  public void closed(PeerLink link, DisconnectReason reason, String detail) {
    loop.execute(() -> onClosed(link, reason, detail));
  }

  @Override
  public void dialFailed(InfoHash torrent, InetSocketAddress remote, String why) {
    loop.execute(() -> {
      log.debug("dialling {} for {} failed: {}", remote, torrent, why);
      connections.dialFailed(remote);
    });
  }

  // ---- on the loop ----

  private void onOpened(PeerLink link) {
    long now = loop.nanoTime();
    Peer p = closed ? null : connections.opened(link, now);
    if (p == null) {
      link.disconnect();
      return;
    }
    log.debug("peer {}: ar_alto open for {}", p, link.torrent());
    announcer.announce(p, holdings.newest());
    announcer.flush(p, now);
    endpointsChanged = true;
  }

  private void onClosed(PeerLink link, DisconnectReason reason, String detail) {
    Peer p = connections.closed(link);
    if (p == null) {
      return;
    }
    if (reason.peerFault() && !p.dropped) {
      p.dropped = true;
      stats.peersDropped++;
      events.peerDropped(new EngineEvents.PeerDrop(link.remoteAddress(), link.torrent(),
          EngineEvents.DropReason.WIRE_PROTOCOL, reason + ": " + detail));
      boolean address = connections.ban(link, loop.nanoTime());
      log.warn("peer {}: disconnected for breaking the wire protocol ({}: {}){}", p, reason, detail,
          address ? "; several peers of its address did, so the address is banned for " + Bans.ADDRESS_BAN : "");
    } else {
      log.debug("peer {}: closed ({}: {})", p, reason, detail);
    }
    forget(p);
  }

  private void onMessage(PeerLink link, ArAltoMessage m) {
    Peer p = connections.peer(link);

    if (p == null || p.dropped) {
      return;
    }
    long now = loop.nanoTime();
    if (m instanceof ArAltoMessage.Inventory inv) {
      onInventory(p, inv);
    } else if (m instanceof ArAltoMessage.Request r) {
      Uploads.serve(this, p, r);
    } else if (m instanceof ArAltoMessage.Data d) {
      onData(p, d, now);
    } else if (m instanceof ArAltoMessage.Reject r) {
      onReject(p, r, now);
    } else if (m instanceof ArAltoMessage.Endpoints e) {
      connections.named(link.torrent(), e.added(), now);
      connections.dialMore(now);
    }
  }

  private void onInventory(Peer p, ArAltoMessage.Inventory inv) {
    log.debug("peer {}: inventory of {} claims and {} withdrawals", p, inv.bundles().size(), inv.dropped().size());
    Set<ResourceKey> touched = new LinkedHashSet<>();
    for (BundleHash h : inv.dropped()) {
      BundleClaim c = p.claims.remove(h);
      if (c != null) {
        offers.remove(p, c);
        touched.add(Claims.keyOf(c));
      }
      if (p.deltaClaims.remove(h) != null) {
        deltas.remove(p, h);
      }
    }
    for (DeltaClaim d : inv.deltas()) {
      if (config.service(d.delta().service()) == null || d.delta().size() > config.maxBundleSize()) {
        continue;
      }
      DeltaClaim forgotten = p.addDeltaClaim(d);
      if (forgotten != null) {
        deltas.remove(p, forgotten.delta().hash());
      }
      deltas.add(p, d);
      touched.add(Claims.keyOf(d.delta()));
    }
    for (BundleClaim c : inv.bundles()) {
      if (config.service(c.service()) == null || c.size() > config.maxBundleSize()) {
        continue;
      }
      BundleClaim old = p.claims.get(c.hash());
      if (old != null) {
        offers.remove(p, old);
      }
      BundleClaim forgotten = p.addClaim(c);
      if (forgotten != null) {
        offers.remove(p, forgotten);
      }
      offers.add(p, c);
      touched.add(Claims.keyOf(c));
    }
    touched.forEach(this::consider);
    pumpAll();
  }

  /**
   * Starts or steers the download of {@code key} toward the best offer, if the node wants it. The
   * caller pumps afterwards ({@link #pumpAll}).
   */
  void consider(ResourceKey key) {
    Service s = config.service(key.service());
    if (closed || s == null || verifying.contains(key) || !wanted(s, key)) {
      return;
    }
    Download dl = downloads.get(key);
    if (dl != null && orphaned(dl)) {
      // Nobody left to ask (a peer that claimed a version no one else has was dropped): without
      // this, the download would hold the key and no other offer of it would ever be taken.
      log.info("{}: abandoning sequence {}: no connected peer can serve it", key, dl.claim.sequence());
      remove(dl);
      dl = null;
    }
    if (dl != null && dl.delta != null && switches.parked(key) && stalled(dl, loop.nanoTime())) {
      switches.giveUp(dl);
      remove(dl);
      dl = null;
    }
    if (dl == null) {
      dl = resume(key);
    }
    long maxSize = s.use() && Wants.of(s, holdings).contains(key) ? config.maxBundleSize()
        : Math.min(config.maxBundleSize(), config.relayBudget());
    BundleClaim best = offers.best(key, holdings.heldSequence(key), refusals.bad(), maxSize);
    if (dl == null && startDelta(key, best, maxSize)) {
      return;
    }
    if (dl != null && switchToDelta(dl, maxSize)) {
      return;
    }
    if (best == null) {
      return;
    }
    long now = loop.nanoTime();
    BundleClaim older = dl == null ? null
        : StepDown.older(dl, offers, holdings.heldSequence(key), refusals, maxSize,
            config.requestTimeout().toNanos(), now);
    if (older != null) {
      log.info("{}: sequence {} has delivered nothing yet; fetching {} meanwhile", key, dl.claim.sequence(),
          older.sequence());
      remove(dl);
      start(key, older, null);
      return;
    }
    if (dl != null && best.sequence() > dl.claim.sequence()) {
      if (!stalled(dl, now)) {
        // A claim is cheap and the version underway is real: finish it first (the newer one is
        // taken when it is installed, or when it stalls). Otherwise every peer that claims a
        // version nobody has, met one after another, would cost a whole request timeout.
        return;
      }
      log.info("{}: abandoning sequence {} for the newer {}", key, dl.claim.sequence(), best.sequence());
      remove(dl);
      dl = null;
    }
    if (dl == null) {
      start(key, best, null);
    }
  }

  /**
   * Fetches a delta instead of {@code best} (which may be null) when the node holds a version of
   * {@code key} that a delta offered starts from, and that delta leads at least as far: a holder of
   * the base moves a few percent of the bytes (bep_ar_alto.md, "Deltas").
   */
  private boolean startDelta(ResourceKey key, BundleClaim best, long maxSize) {
    DeltaClaim d = bestDelta(key, maxSize);
    if (d == null || best != null && best.sequence() > d.delta().sequence()) {
      return false;
    }
    start(key, d.delta(), null, d);
    return true;
  }

  /** The delta offered from the newest held version of {@code key}, if any ({@link Deltas#best}). */
  private DeltaClaim bestDelta(ResourceKey key, long maxSize) {
    Held base = holdings.newest(key);
    return base == null ? null : deltas.best(key, base.info().hash(), base.sequence(), refusals.bad(), maxSize);
  }

  /** Parks the full download {@code dl} and fetches a delta instead, when one pays ({@link DeltaSwitch}). */
  private boolean switchToDelta(Download dl, long maxSize) {
    if (dl.delta != null) {
      return false;
    }
    DeltaClaim d = bestDelta(dl.key, maxSize);
    if (!switches.worth(dl, d)) {
      return false;
    }
    remove(dl);
    switches.park(dl, d);
    start(dl.key, d.delta(), null, d);
    return true;
  }

  /**
   * Goes on with the full download of {@code key} parked for a delta that is gone (failed, or its
   * holders left), from the pieces it had; null when there is none or nobody left to ask.
   */
  private Download resume(ResourceKey key) {
    Download full = switches.take(key, holdings.heldSequence(key));
    if (full == null || orphaned(full)) {
      return null;
    }
    long now = loop.nanoTime();
    log.info("{}: going on with the full download of sequence {}, {} bytes missing", key, full.claim.sequence(),
        full.missingBytes());
    // Pieces answered while it was parked were dropped as late: every piece it was waiting for is
    // handed out again (a peer that still owes one is not asked for it twice).
    full.expire(0, now);
    full.lastProgress = now;
    downloads.put(key, full);
    downloadsByHash.put(full.claim.hash(), full);
    return full;
  }

  /** Whether {@code dl} has had no piece (nor its start) within the request timeout. */
  private boolean stalled(Download dl, long now) {
    return now - dl.lastProgress >= config.requestTimeout().toNanos();
  }

  /** Whether no open link can serve {@code dl} any more: its claimants left, or the one it must ask did. */
  private boolean orphaned(Download dl) {
    List<Peer> holders = claimants(dl);
    return dl.onlyFrom == null ? holders.isEmpty() : !holders.contains(dl.onlyFrom);
  }

  /**
   * A used service's wanted resources, and, until its IRD is held, everything peers claim for it
   * (fetched beside the IRD instead of after it, within the relay budget; what the IRD then does
   * not name is held as relayed); any claimed resource of a relayed service.
   */
  private boolean wanted(Service s, ResourceKey key) {
    return !s.use() || Wants.of(s, holdings).contains(key) || !Wants.holdsDirectory(s, holdings);
  }

  /** Who claims what {@code dl} fetches: the bundle's claimants, or the delta's. */
  List<Peer> claimants(Download dl) {
    return dl.delta == null ? offers.holders(dl.claim) : deltas.holders(dl.claim.hash());
  }

  Download start(ResourceKey key, BundleClaim claim, Peer onlyFrom) {
    return start(key, claim, onlyFrom, null);
  }

  Download start(ResourceKey key, BundleClaim claim, Peer onlyFrom, DeltaClaim delta) {
    Download dl = new Download(key, claim, onlyFrom, delta, cache.bytes(claim.hash()),
        random.nextInt(Pieces.count(claim.size())), loop.nanoTime());
    downloads.put(key, dl);
    downloadsByHash.put(claim.hash(), dl);
    return dl;
  }

  private void remove(Download dl) {
    downloads.remove(dl.key, dl);
    downloadsByHash.remove(dl.claim.hash(), dl);
  }

  void pump(Download dl) {
    dl.pump(claimants(dl), config.maxOutstandingPerPeer(), loop.nanoTime());
  }

  /**
   * Hands out requests for every download, smallest bundle first: a peer's request queue is shared
   * by all of them, and an IRD or cost map of a few pieces should not wait behind a network map.
   */
  void pumpAll() {
    List<Download> all = new ArrayList<>(downloads.values());
    all.sort(java.util.Comparator.comparingInt(d -> d.claim.size()));
    for (Download dl : all) {
      if (downloads.get(dl.key) == dl) {
        pump(dl);
      }
    }
  }

  private void onData(Peer p, ArAltoMessage.Data d, long now) {
    if (!p.answered(d.hash(), d.piece(), now)) {
      return;
    }
    p.consecutiveTimeouts = 0;
    p.piecesReceived++;
    stats.piecesReceived++;
    stats.payloadBytesReceived += d.payload().remaining();
    BundleClaim claimed = p.claims.get(d.hash());
    if (claimed == null && p.deltaClaims.containsKey(d.hash())) {
      claimed = p.deltaClaims.get(d.hash()).delta();
    }

    if (claimed != null && d.totalSize() != claimed.size()) {
      drop(p, EngineEvents.DropReason.INCONSISTENT_SIZE, "sent piece " + d.piece() + " of a " + d.totalSize() + "-byte bundle it had announced as "
          + claimed.size() + " bytes (" + Claims.keyOf(claimed) + ")");
      return;
    }
    Download dl = downloadsByHash.get(d.hash());
    if (dl == null || dl.onlyFrom != null && dl.onlyFrom != p) {
      stats.latePieces++;
      return;
    }
    if (d.totalSize() != dl.claim.size()) {
      // Not what this download asked for (another peer's claim of the handle had another size).
      stats.latePieces++;
      return;
    }
    if (!dl.accept(p, d.piece(), d.payload(), cache.bytes(d.hash()), now)) {
      stats.duplicatePieces++;
    }
    if (dl.complete()) {
      finish(dl);
    }
    pumpAll();
  }

  private void onReject(Peer p, ArAltoMessage.Reject r, long now) {
    p.answered(r.hash(), r.piece(), now);
    Download dl = downloadsByHash.get(r.hash());
    if (dl != null) {
      dl.release(p, r.piece());
    }
    switch (r.reason()) {
      case BUSY -> {
        // Jittered, so that the requesters a busy holder refused together do not return together.
        p.busyUntil = now + (long) (p.busyBackoff(MIN_BUSY_BACKOFF_NANOS, MAX_BUSY_BACKOFF_NANOS)
            * (0.5 + random.nextDouble()));
      }
      case NOT_HELD, BUDGET_EXHAUSTED, PIECE_OUT_OF_RANGE -> {
        BundleClaim c = p.claims.remove(r.hash());
        if (c != null) {
          offers.remove(p, c);
          consider(Claims.keyOf(c));
        }
        DeltaClaim d = p.deltaClaims.remove(r.hash());
        if (d != null) {
          deltas.remove(p, r.hash());
          consider(Claims.keyOf(d.delta()));
        }
      }
    }
    pumpAll();
  }

  private void finish(Download dl) {
    remove(dl);
    verifying.add(dl.key);
    if (dl.delta == null) {
      lifecycle.verify(dl.key, dl.claim, dl.bytes(), HeldResource.Source.PEER, o -> verified(dl, o));
      return;
    }
    Held base = holdings.byHash(dl.delta.base());
    if (base == null) {
      // The base was superseded or expired while the delta came: it no longer leads anywhere.
      verifying.remove(dl.key);
      consider(dl.key);
      pumpAll();
      return;
    }
    lifecycle.rebuild(dl.key, dl.delta, dl.bytes(), base.bytes(), o -> verified(dl, o));
  }

  private void verified(Download dl, Checker.Outcome outcome) {
    if (outcome instanceof Checker.Accepted a) {
      verifying.remove(dl.key);
      refusals.accepted(dl.claim.hash());
      if (lifecycle.install(a.held(), dl.delta != null) && dl.delta != null) {
        offerDelta(dl.delta, cache.intern(dl.claim.hash(), dl.bytes()));
      }
    } else {
      // Still marked while the refusal drops peers, so that their leaving starts no download of
      // this key before the refusal has decided how (and from whom) to fetch it again.
      refusals.refused(dl, (Checker.Refused) outcome);
      verifying.remove(dl.key);
    }
    consider(dl.key);
    pumpAll();
  }

  /** Disconnects and bans a peer that broke the protocol's trust; it is not asked again. */
  void drop(Peer p, EngineEvents.DropReason reason, String why) {
    if (p.dropped) {
      return;
    }
    p.dropped = true;
    stats.peersDropped++;
    events.peerDropped(new EngineEvents.PeerDrop(p.link.remoteAddress(), p.link.torrent(), reason, why));
    boolean address = connections.ban(p.link, loop.nanoTime());
    log.warn("peer {}: dropped: {}{}", p, why,
        address ? "; several peers of its address were, so the address is banned for " + Bans.ADDRESS_BAN : "");
    forget(p);
    p.link.disconnect();
  }

  /** Forgets everything a peer claimed and every request waiting on it. */
  private void forget(Peer p) {
    Set<ResourceKey> keys = new LinkedHashSet<>();
    for (BundleClaim c : new ArrayList<>(p.claims.values())) {
      offers.remove(p, c);
      keys.add(Claims.keyOf(c));
    }
    p.claims.clear();
    for (BundleHash h : new ArrayList<>(p.deltaClaims.keySet())) {
      deltas.remove(p, h);
      keys.add(Claims.keyOf(p.deltaClaims.get(h).delta()));
    }
    p.deltaClaims.clear();
    for (Download dl : downloads.values()) {
      dl.releaseAll(p);
    }
    keys.forEach(this::consider);
    pumpAll();
  }

  /** The periodic work: timeouts, announcements the rate held back, unsent answers, dialling. */
  void tick(long now) {
    long timeout = config.requestTimeout().toNanos();
    for (Download dl : new ArrayList<>(downloads.values())) {
      dl.expire(timeout, now);
      if (stalled(dl, now) || StepDown.due(dl, timeout, now)) {
        // consider() left any newer claim waiting while this download progressed, or an older one
        // while it waited on an unproven claim; no message need arrive to bring either up again.
        consider(dl.key);
      }
    }
    for (Peer p : new ArrayList<>(connections.peers())) {
      int lapsed = p.lapse(timeout, now);
      stats.requestTimeouts += lapsed;
      p.consecutiveTimeouts += lapsed;
      if (lapsed > 0 && (p.consecutiveTimeouts >= config.maxConsecutiveTimeouts() || p.answers == 0)) {
        drop(p, EngineEvents.DropReason.UNRESPONSIVE, p.consecutiveTimeouts + " requests in a row went unanswered for " + config.requestTimeout()
            + (p.answers == 0 ? ", and it has never answered one" : ""));
      }
    }
    pumpAll();
    boolean tellEndpoints = endpointsChanged;
    endpointsChanged = false;
    for (Peer p : new ArrayList<>(connections.peers())) {
      if (!inventoryBatchPending) {
        announcer.flush(p, now);
      }
      Uploads.retry(p);
      if (tellEndpoints || p.endpointsRetryAt != 0 && now >= p.endpointsRetryAt) {
        p.endpointsRetryAt = 0;
        connections.sendEndpoints(p, now);
      }
    }
    connections.dialMore(now);
  }

  /**
   * Tells every peer about a newly held version, in one inventory with whatever else is installed
   * within {@link WireLimits#INVENTORY_BATCH_DELAY} (bep_ar_alto.md: a sender batches changes).
   */
  void announce(Held h) {
    for (Peer p : connections.peers()) {
      announcer.announce(p, List.of(h));
    }
    if (!inventoryBatchPending) {
      inventoryBatchPending = true;
      loop.schedule(WireLimits.INVENTORY_BATCH_DELAY, () -> {
        inventoryBatchPending = false;
        long now = loop.nanoTime();
        for (Peer p : new ArrayList<>(connections.peers())) {
          announcer.flush(p, now);
        }
      });
    }
  }

  /** Withdraws {@code h} and the deltas to it from every peer; returns those deltas, no longer held. */
  List<Deltas.HeldDelta> withdraw(Held h) {
    for (Peer p : connections.peers()) {
      announcer.withdraw(p, h.info().hash());
    }
    List<Deltas.HeldDelta> gone = deltas.dropTarget(h.info().hash());
    for (Deltas.HeldDelta d : gone) {
      for (Peer p : connections.peers()) {
        announcer.withdraw(p, d.claim().delta().hash());
      }
    }
    return gone;
  }

  /**
   * Holds and serves a delta whose target is held, and tells every peer, with the target's
   * redistribution rules (a target that may not be passed on keeps its deltas too).
   */
  void offerDelta(DeltaClaim d, byte[] bytes) {
    Held target = holdings.byHash(d.target());
    if (target == null || closed || !deltas.hold(d, bytes)) {
      return;
    }
    lifecycle.persistDelta(target, d, bytes);
    if (target.redistributable()) {
      for (Peer p : connections.peers()) {
        announcer.announceDelta(p, d);
      }
    }
  }

  /** Starts anything newly wanted (after an IRD arrived) from the offers already known. */
  void reconsiderAll() {
    for (ResourceKey k : offers.keys()) {
      consider(k);
    }
    pumpAll();
  }

  /** Every download of {@code key} that is making progress (a piece within the request timeout). */
  boolean progressing(ResourceKey key, long now) {
    Download dl = downloads.get(key);
    return verifying.contains(key) || dl != null && !stalled(dl, now);
  }

  void learned(InfoHash torrent, List<InetSocketAddress> found) {
    long now = loop.nanoTime();
    connections.learned(torrent, found, now);
    connections.dialMore(now);
  }
}
