package org.altoredist.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
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
 * may redistribute are claimed, and the deltas it holds to them. Loop-confined.
 */
final class Announcer {

  private static final Logger log = LoggerFactory.getLogger(Announcer.class);

  /**
   * How long to wait after a refusal before trying again: the interval divided by the burst, the
   * average spacing the rate allows.
   */
  static final long RETRY_NANOS = WireLimits.ANNOUNCE_INTERVAL.toNanos() / WireLimits.INVENTORY_BURST;

  private final EngineLoop loop;
  private final Connections connections;
  private final Holdings holdings;
  private final Deltas deltas;
  private final StoreWrites store;
  private final BooleanSupplier closed;
  /** An inventory batch is collecting changes; it goes out when its delay is over. */
  private boolean batchPending;

  Announcer(EngineLoop loop, Connections connections, Holdings holdings, Deltas deltas, StoreWrites store,
      BooleanSupplier closed) {
    this.loop = loop;
    this.connections = connections;
    this.holdings = holdings;
    this.deltas = deltas;
    this.store = store;
    this.closed = closed;
  }

  /** Tells a newly opened link everything held, at once. */
  void greet(Peer peer, long now) {
    announce(peer, holdings.newest());
    flush(peer, now);
  }

  /**
   * Tells every peer about a newly held version, in one inventory with whatever else is installed
   * within {@link WireLimits#INVENTORY_BATCH_DELAY} (bep_ar_alto.md: a sender batches changes).
   */
  void announce(HeldBundle h) {
    for (Peer p : connections.peers()) {
      announce(p, List.of(h));
    }
    if (!batchPending) {
      batchPending = true;
      loop.schedule(WireLimits.INVENTORY_BATCH_DELAY, () -> {
        batchPending = false;
        long now = loop.nanoTime();
        for (Peer p : new ArrayList<>(connections.peers())) {
          flush(p, now);
        }
      });
    }
  }

  /** Withdraws {@code h} and the deltas to it from every peer; returns those deltas, no longer held. */
  List<Deltas.HeldDelta> withdraw(HeldBundle h) {
    for (Peer p : connections.peers()) {
      withdraw(p, h.info().hash());
    }
    List<Deltas.HeldDelta> gone = deltas.dropTarget(h.info().hash());
    for (Deltas.HeldDelta d : gone) {
      for (Peer p : connections.peers()) {
        withdraw(p, d.claim().delta().hash());
      }
    }
    return gone;
  }

  /**
   * Holds and serves a delta whose target is held, and tells every peer, with the target's
   * redistribution rules (a target that may not be passed on keeps its deltas too).
   */
  void offerDelta(DeltaClaim d, byte[] bytes) {
    HeldBundle target = holdings.byHash(d.target());
    if (target == null || closed.getAsBoolean() || !deltas.hold(d, bytes)) {
      return;
    }
    store.putDelta(target, d, bytes);
    if (target.redistributable()) {
      for (Peer p : connections.peers()) {
        if (mayReceive(p, target)) {
          announceDelta(p, d);
        }
      }
    }
  }

  /** Sends what is queued for {@code peer} as its rate allows, unless a batch is still collecting. */
  void flushUnlessBatching(Peer peer, long now) {
    if (!batchPending) {
      flush(peer, now);
    }
  }

  /**
   * Queues claims of {@code held}, and of the deltas held that rebuild them, for {@code peer}: those
   * it may be sent. An audience-scoped bundle is claimed only to peers inside its audience
   * (bep_ar_alto.md, "inventory"), as {@link Uploads} serves it only to them: a claim the claimant
   * would refuse to honour only sends the peer to ask in vain.
   */
  private void announce(Peer peer, Iterable<HeldBundle> held) {
    for (HeldBundle h : held) {
      if (h.redistributable() && mayReceive(peer, h)) {
        peer.pending().claim(h.info().hash(), h.claim());
        for (Deltas.HeldDelta d : deltas.held()) {
          if (d.claim().target().equals(h.info().hash())) {
            announceDelta(peer, d.claim());
          }
        }
      }
    }
  }

  /** Whether {@code peer} is inside {@code h}'s audience: it may be sent the bundle, and its deltas. */
  private static boolean mayReceive(Peer peer, HeldBundle h) {
    return h.descriptor().scope().permits(peer.link().remoteAddress().getAddress());
  }

  /** Queues the claim of a held delta (whose target is held and may be passed on) for {@code peer}. */
  private void announceDelta(Peer peer, DeltaClaim d) {
    peer.pending().claimDelta(d);
  }

  /** Queues the withdrawal of {@code hash} for {@code peer}, unless it was never told. */
  private void withdraw(Peer peer, BundleHash hash) {
    peer.pending().withdraw(hash);
  }

  /** Sends what is queued for {@code peer}, if its rate allows; returns the messages sent. */
  private int flush(Peer peer, long now) {
    int sent = 0;
    PendingInventory pending = peer.pending();
    while (pending.due(now)) {
      PendingInventory.Batch b = pending.take();
      SendOutcome o = peer.link().send(b.message());
      if (o != SendOutcome.SENT) {
        // Put them back: nothing is lost, the next attempt carries them.
        pending.putBack(b, now + RETRY_NANOS);
        log.debug("peer {}: inventory of {} claims and {} withdrawals held back ({})", peer, b.claims().size(),
            b.dropped().size(), o);
        break;
      }
      log.debug("peer {}: inventory of {} claims and {} withdrawals sent", peer, b.claims().size(), b.dropped().size());
      sent++;
    }
    return sent;
  }
}
