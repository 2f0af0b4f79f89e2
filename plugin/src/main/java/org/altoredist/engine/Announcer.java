package org.altoredist.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventories: what each peer is told this node holds. Changes queue per peer; the engine sends
 * them {@link WireLimits#INVENTORY_BATCH_DELAY} after the first, so that versions installed
 * together (a node fetching a service's maps at once, a restart) go out in one message, and as
 * soon as the peer's announcement rate allows (the session refuses more than
 * {@link WireLimits#INVENTORY_BURST} per {@link WireLimits#ANNOUNCE_INTERVAL}, as ut_pex does);
 * whatever queued meanwhile goes out together in the next one. Only versions this node verified and
 * may redistribute are claimed. Loop-confined.
 */
final class Announcer {

  private static final Logger log = LoggerFactory.getLogger(Announcer.class);

  /**
   * How long to wait after a refusal before trying again: the interval divided by the burst, the
   * average spacing the rate allows.
   */
  static final long RETRY_NANOS = WireLimits.ANNOUNCE_INTERVAL.toNanos() / WireLimits.INVENTORY_BURST;

  private final Deltas deltas;

  Announcer(Deltas deltas) {
    this.deltas = deltas;
  }

  /** Queues claims of {@code held}, and of the deltas held that rebuild them, for {@code peer}. */
  void announce(Peer peer, Iterable<Held> held) {
    for (Held h : held) {
      if (h.redistributable()) {
        peer.pendingDropped.remove(h.info().hash());
        peer.pendingClaims.put(h.info().hash(), h.claim());
        for (Deltas.HeldDelta d : deltas.held()) {
          if (d.claim().target().equals(h.info().hash())) {
            announceDelta(peer, d.claim());
          }
        }
      }
    }
  }

  /** Queues the claim of a held delta (whose target is held and may be passed on) for {@code peer}. */
  void announceDelta(Peer peer, DeltaClaim d) {
    peer.pendingDropped.remove(d.delta().hash());
    peer.pendingDeltas.put(d.delta().hash(), d);
  }

  /** Queues the withdrawal of {@code hash} for {@code peer}, unless it was never told. */
  void withdraw(Peer peer, BundleHash hash) {
    if (peer.pendingClaims.remove(hash) == null && peer.pendingDeltas.remove(hash) == null) {
      peer.pendingDropped.add(hash);
    }
  }

  /** Sends what is queued for {@code peer}, if its rate allows; returns the messages sent. */
  int flush(Peer peer, long now) {
    int sent = 0;
    while ((!peer.pendingClaims.isEmpty() || !peer.pendingDeltas.isEmpty() || !peer.pendingDropped.isEmpty())
        && now >= peer.inventoryRetryAt) {
      List<BundleClaim> claims = take(peer.pendingClaims.values().iterator());
      List<DeltaClaim> deltaClaims = take(peer.pendingDeltas.values().iterator());
      List<BundleHash> dropped = take(peer.pendingDropped.iterator());
      SendOutcome o = peer.link.send(new ArAltoMessage.Inventory(claims, dropped, deltaClaims));
      if (o != SendOutcome.SENT) {
        // Put them back: nothing is lost, the next attempt carries them.
        claims.forEach(c -> peer.pendingClaims.putIfAbsent(c.hash(), c));
        deltaClaims.forEach(c -> peer.pendingDeltas.putIfAbsent(c.delta().hash(), c));
        peer.pendingDropped.addAll(dropped);
        peer.inventoryRetryAt = now + RETRY_NANOS;
        log.debug("peer {}: inventory of {} claims and {} withdrawals held back ({})", peer, claims.size(),
            dropped.size(), o);
        break;
      }
      log.debug("peer {}: inventory of {} claims and {} withdrawals sent", peer, claims.size(), dropped.size());
      sent++;
    }
    return sent;
  }

  /** Removes and returns up to {@link WireLimits#MAX_INVENTORY_ENTRIES} entries. */
  private static <T> List<T> take(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    while (it.hasNext() && out.size() < WireLimits.MAX_INVENTORY_ENTRIES) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }
}
