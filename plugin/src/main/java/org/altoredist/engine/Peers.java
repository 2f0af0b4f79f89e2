package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.altoredist.wire.AddressGroup;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of each {@code ar_alto} link: links opening and closing, the messages peers
 * send (inventories into {@link Offers} and {@link Deltas}, requests to {@link Uploads}, pieces and
 * rejects to {@link Downloads}), and peers cut off for what they did. The transport calls it from
 * any thread; everything is moved onto the {@link EngineLoop} first.
 */
final class Peers implements PeerTransport.Listener {

  private static final Logger log = LoggerFactory.getLogger(Peers.class);

  /**
   * After a busy reject the peer is left alone for about a round trip, but at least this long (a
   * round trip too short to measure must not turn into a stream of requests)...
   */
  static final long MIN_BUSY_BACKOFF_NANOS = 50_000_000L;
  /** ...and at most this long, so a peer that was busy once is asked again soon. */
  static final long MAX_BUSY_BACKOFF_NANOS = 2_000_000_000L;
  /**
   * After a budget reject (bep_ar_alto.md: "ask another peer; retry here much later") the peer is
   * asked nothing for half of the reference implementation's budget window: its share for this
   * requester refills over the window, so by then part of it is back; its claims stand.
   */
  static final long BUDGET_BACKOFF_NANOS = WireLimits.UPLOAD_BUDGET_WINDOW.toNanos() / 2;

  private final Config config;
  private final EngineLoop loop;
  private final RandomGenerator random;
  private final Connections connections;
  private final Announcer announcer;
  private final Offers offers;
  private final Deltas deltas;
  private final Downloads downloads;
  private final Uploads uploads;
  private final Counters counters;
  private final EngineEvents events;
  private final BooleanSupplier closed;
  /** A link opened since the last tick: every peer is told the endpoints known. */
  private boolean endpointsChanged;

  Peers(Config config, EngineLoop loop, RandomGenerator random, Connections connections, Announcer announcer,
      Offers offers, Deltas deltas, Downloads downloads, Uploads uploads, Counters counters, EngineEvents events,
      BooleanSupplier closed) {
    this.config = config;
    this.loop = loop;
    this.random = random;
    this.connections = connections;
    this.announcer = announcer;
    this.offers = offers;
    this.deltas = deltas;
    this.downloads = downloads;
    this.uploads = uploads;
    this.counters = counters;
    this.events = events;
    this.closed = closed;
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
    Peer p = closed.getAsBoolean() ? null : connections.opened(link, now);
    if (p == null) {
      link.disconnect();
      return;
    }
    log.debug("peer {}: ar_alto open for {}", p, link.torrent());
    announcer.greet(p, now);
    endpointsChanged = true;
  }

  private void onClosed(PeerLink link, DisconnectReason reason, String detail) {
    Peer p = connections.closed(link);
    if (p == null) {
      return;
    }
    if (reason.peerFault() && !p.isDropped()) {
      p.markDropped();
      counters.peerDropped();
      events.peerDropped(new EngineEvents.PeerDrop(link.remoteAddress(), link.torrent(),
          EngineEvents.DropReason.WIRE_PROTOCOL, reason + ": " + detail));
      boolean address = connections.ban(link, loop.nanoTime());
      log.warn("peer {}: disconnected for breaking the wire protocol ({}: {}){}", p, reason, detail,
          address ? "; several peers of " + AddressGroup.of(link.remoteAddress().getAddress())
              + " did, so it is banned for " + Bans.ADDRESS_BAN : "");
    } else {
      log.debug("peer {}: closed ({}: {})", p, reason, detail);
    }
    forget(p);
  }

  private void onMessage(PeerLink link, ArAltoMessage m) {
    Peer p = connections.peer(link);

    if (p == null || p.isDropped()) {
      return;
    }
    long now = loop.nanoTime();
    if (m instanceof ArAltoMessage.Inventory inv) {
      onInventory(p, inv);
    } else if (m instanceof ArAltoMessage.Request r) {
      uploads.serve(p, r);
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
      BundleClaim c = p.forgetClaim(h);
      if (c != null) {
        offers.remove(p, c);
        touched.add(Claims.keyOf(c));
      }
      if (p.forgetDeltaClaim(h) != null) {
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
      BundleClaim old = p.claimOf(c.hash());
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
    touched.forEach(downloads::consider);
    downloads.pumpAll();
  }

  private void onData(Peer p, ArAltoMessage.Data d, long now) {
    if (!p.answered(d.hash(), d.piece(), now)) {
      return;
    }
    p.pieceReceived();
    counters.pieceReceived(d.payload().remaining());
    BundleClaim claimed = p.claimOf(d.hash());
    DeltaClaim delta = claimed == null ? p.deltaClaimOf(d.hash()) : null;
    if (delta != null) {
      claimed = delta.delta();
    }

    if (claimed != null && d.totalSize() != claimed.size()) {
      drop(p, EngineEvents.DropReason.INCONSISTENT_SIZE, "sent piece " + d.piece() + " of a " + d.totalSize()
          + "-byte bundle it had announced as " + claimed.size() + " bytes (" + Claims.keyOf(claimed) + ")");
      return;
    }
    downloads.piece(p, d, now);
  }

  private void onReject(Peer p, ArAltoMessage.Reject r, long now) {
    p.answered(r.hash(), r.piece(), now);
    downloads.rejected(p, r.hash(), r.piece());
    switch (r.reason()) {
      case BUSY -> {
        // Jittered, so that the requesters a busy holder refused together do not return together.
        p.backOffUntil(now + (long) (p.busyBackoff(MIN_BUSY_BACKOFF_NANOS, MAX_BUSY_BACKOFF_NANOS)
            * (0.5 + random.nextDouble())));
      }
      case BUDGET_EXHAUSTED -> p.holdRequestsUntil(now + BUDGET_BACKOFF_NANOS);
      case NOT_HELD, PIECE_OUT_OF_RANGE -> {
        BundleClaim c = p.forgetClaim(r.hash());
        if (c != null) {
          offers.remove(p, c);
          downloads.consider(Claims.keyOf(c));
        }
        DeltaClaim d = p.forgetDeltaClaim(r.hash());
        if (d != null) {
          deltas.remove(p, r.hash());
          downloads.consider(Claims.keyOf(d.delta()));
        }
      }
    }
    downloads.pumpAll();
  }

  /**
   * Disconnects a peer the engine gives up on: one that broke the protocol's trust is banned
   * ({@link Connections#ban}); one that was only unresponsive rests ({@link Connections#rest}).
   */
  void drop(Peer p, EngineEvents.DropReason reason, String why) {
    if (p.isDropped()) {
      return;
    }
    p.markDropped();
    counters.peerDropped();
    events.peerDropped(new EngineEvents.PeerDrop(p.link().remoteAddress(), p.link().torrent(), reason, why));
    if (reason.violation()) {
      boolean address = connections.ban(p.link(), loop.nanoTime());
      log.warn("peer {}: dropped: {}{}", p, why,
          address ? "; several peers of " + AddressGroup.of(p.link().remoteAddress().getAddress())
              + " were, so it is banned for " + Bans.ADDRESS_BAN : "");
    } else {
      connections.rest(p.link(), loop.nanoTime());
      log.info("peer {}: disconnected, not banned: {}; not dialled again for {}", p, why, Connections.REST);
    }
    forget(p);
    p.link().disconnect();
  }

  /** Forgets everything a peer claimed and every request waiting on it. */
  private void forget(Peer p) {
    Set<ResourceKey> keys = new LinkedHashSet<>();
    for (BundleClaim c : p.forgetClaims()) {
      offers.remove(p, c);
      keys.add(Claims.keyOf(c));
    }
    for (DeltaClaim d : p.forgetDeltaClaims()) {
      deltas.remove(p, d.delta().hash());
      keys.add(Claims.keyOf(d.delta()));
    }
    downloads.releaseAll(p);
    keys.forEach(downloads::consider);
    downloads.pumpAll();
  }

  /**
   * The periodic work on the links: peers that let too many requests lapse are dropped; then
   * requests, announcements the rate held back, unsent answers and endpoints go out, and more
   * peers are dialled.
   */
  void tick(long now) {
    long timeout = config.requestTimeout().toNanos();
    for (Peer p : new ArrayList<>(connections.peers())) {
      int lapsed = p.lapse(timeout, now);
      counters.requestTimeouts(lapsed);
      if (lapsed > 0 && (p.consecutiveTimeouts() >= config.maxConsecutiveTimeouts() || p.answers() == 0)) {
        drop(p, EngineEvents.DropReason.UNRESPONSIVE, p.consecutiveTimeouts() + " requests in a row went unanswered for "
            + config.requestTimeout() + (p.answers() == 0 ? ", and it has never answered one" : ""));
      }
    }
    downloads.pumpAll();
    boolean tellEndpoints = endpointsChanged;
    endpointsChanged = false;
    for (Peer p : new ArrayList<>(connections.peers())) {
      announcer.flushUnlessBatching(p, now);
      p.retryUnsent();
      if (tellEndpoints || p.endpoints().retryDue(now)) {
        p.endpoints().clearRetry();
        connections.sendEndpoints(p, now);
      }
    }
    connections.dialMore(now);
  }
}
