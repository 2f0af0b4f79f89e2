package org.altoredist.engine.sim.compact;

import java.util.ArrayList;
import java.util.List;
import org.altoredist.wire.Pieces;

/**
 * The engine's bundle decisions, for every node of the compact model (the engine's {@code Downloads},
 * {@code Announcer}, {@code Uploads} and {@code StepDown}): what to claim to whom and when the rate
 * allows, which offer to fetch and from whom, what to answer, when to give up on a request or step
 * down to an older version, what to install. Verification always succeeds (every node here is
 * honest, and the full model checks the same bytes); it costs no time in either model.
 */
final class Transfers {

  private final CompactSimulation sim;

  Transfers(CompactSimulation sim) {
    this.sim = sim;
  }

  // ---- inventories ----

  /** Sends what is queued for {@code l}, if its announcement rate allows (the engine's Announcer.flush). */
  void flushInventory(Link l) {
    if (!l.pendingInventory() || sim.nanos() < l.inventoryRetryAt) {
      return;
    }
    if (!l.inventoryAllowed(sim.round, sim.intervalRounds)) {
      l.inventoryRetryAt = sim.nanos() + Rules.INVENTORY_RETRY_NANOS;
      sim.wake(l.owner);
      return;
    }
    int[] claims = new int[3];
    int[] drops = new int[3];
    for (int r = 0; r < 3; r++) {
      claims[r] = Link.version(l.pendingClaims, r);
      drops[r] = Link.version(l.pendingDrops, r);
    }
    Frame f = new Frame(Frame.Kind.INVENTORY, l.other, sim.bundles.inventoryFrame(claims, drops));
    f.claims = l.pendingClaims;
    f.drops = l.pendingDrops;
    l.pendingClaims = 0;
    l.pendingDrops = 0;
    sim.net.send(f);
  }

  /** An inventory arrived at {@code l}: withdrawals first, then claims; then every touched resource is reconsidered. */
  void inventory(Link l, long claims, long drops) {
    if (!l.peer || l.dropped) {
      return;
    }
    int touched = 0;
    for (int r = 0; r < 3; r++) {
      int dropped = Link.version(drops, r);
      if (dropped > 0 && l.claim(r) == dropped) {
        l.claims = Link.with(l.claims, r, 0);
        touched |= 1 << r;
      }
    }
    for (int r = 0; r < 3; r++) {
      int v = Link.version(claims, r);
      if (v > 0) {
        l.claims = Link.with(l.claims, r, v);
        l.claimedAt[r] = ++sim.claimOrder;
        touched |= 1 << r;
      }
    }
    for (int r = 0; r < 3; r++) {
      if ((touched & 1 << r) != 0) {
        consider(l.owner, r);
      }
    }
    pumpAll(l.owner);
  }

  // ---- what to fetch ----

  /** Starts or steers the download of {@code r} toward the best offer (the engine's Downloads.consider). */
  void consider(Node n, int r) {
    if (!n.online) {
      return;
    }
    Fetch dl = n.fetch(r);
    if (dl != null && holders(n, r, dl.version).isEmpty()) {
      n.fetching(r, null);
      dl = null;
    }
    int best = best(n, r, Integer.MAX_VALUE);
    if (best == 0) {
      return;
    }
    long now = sim.nanos();
    if (dl != null && stepDownDue(dl, now)) {
      int older = best(n, r, dl.version);
      if (older > 0) {
        n.fetching(r, null);
        start(n, r, older);
        return;
      }
    }
    if (dl != null && best > dl.version) {
      if (!stalled(dl, now)) {
        return;
      }
      n.fetching(r, null);
      dl = null;
    }
    if (dl == null) {
      start(n, r, best);
    }
  }

  /** The newest version of {@code r} a peer offers below {@code below} and above what is held; 0 if none. */
  private static int best(Node n, int r, int below) {
    int best = 0;
    for (Link p : n.peers) {
      int v = p.claim(r);
      if (!p.dropped && v > n.held[r] && v < below && v > best) {
        best = v;
      }
    }
    return best;
  }

  /** The peers that claim exactly version {@code v} of {@code r}, in the order they claimed it. */
  private static List<Link> holders(Node n, int r, int v) {
    List<Link> out = new ArrayList<>(4);
    for (Link p : n.peers) {
      if (!p.dropped && p.claim(r) == v) {
        int i = out.size();
        while (i > 0 && out.get(i - 1).claimedAt[r] > p.claimedAt[r]) {
          i--;
        }
        out.add(i, p);
      }
    }
    return out;
  }

  private void start(Node n, int r, int version) {
    Bundles.Bundle b = sim.bundles.of(version, r);
    n.fetching(r, new Fetch(r, version, version * 3 + r, b.pieces, n.random.nextInt(b.pieces), sim.round));
    sim.wake(n);
  }

  private boolean stalled(Fetch dl, long now) {
    return now - (long) dl.lastProgress * sim.roundNanos >= Rules.REQUEST_TIMEOUT.toNanos();
  }

  private boolean stepDownDue(Fetch dl, long now) {
    long idle = Math.min(Rules.STEP_DOWN_IDLE_NANOS, Rules.REQUEST_TIMEOUT.toNanos() / 4);
    return dl.unproven() && now - (long) dl.lastProgress * sim.roundNanos >= idle;
  }

  /** Hands out requests for every download, smallest bundle first, and sends them. */
  void pumpAll(Node n) {
    if (n.fetches == null || !n.online) {
      return;
    }
    // Smallest bundle first, as the engine pumps: three at most, sorted in place.
    Fetch[] all = {n.fetch(0), n.fetch(1), n.fetch(2)};
    for (int i = 1; i < 3; i++) {
      for (int j = i; j > 0 && size(all[j]) < size(all[j - 1]); j--) {
        Fetch t = all[j];
        all[j] = all[j - 1];
        all[j - 1] = t;
      }
    }
    for (Fetch dl : all) {
      if (dl == null || n.fetch(dl.resource) != dl || !dl.mayAsk(sim.round, sim.roundNanos)) {
        continue;
      }
      Fetch.Asks asks = new Fetch.Asks();
      dl.pump(holders(n, dl.resource, dl.version), Rules.MAX_OUTSTANDING, sim.round, sim.roundNanos, asks);
      for (int i = 0; i < asks.to.size(); i++) {
        int[] pieces = asks.pieces.get(i);
        sim.net.send(Frame.run(Frame.Kind.REQUESTS, asks.to.get(i).other, dl.bundle, pieces, 0,
            asks.counts.get(i)[0]));
      }
    }
  }

  private int size(Fetch f) {
    return f == null ? Integer.MAX_VALUE : sim.bundles.get(f.bundle).size;
  }

  // ---- requests, data, rejects ----

  /**
   * Requests arrived at the holder's end {@code l}: data for a held bundle, "busy" to a new
   * requester while the uplink is backlogged, "not held" otherwise (Uploads.serve). The engine
   * decides request by request; the first decides the run, since a requester served one piece is
   * served the rest and one turned away leaves the backlog where it was.
   */
  void requests(Link l, Frame f) {
    if (!l.peer || l.dropped) {
      return;
    }
    Bundles.Bundle b = sim.bundles.get(f.bundle);
    boolean held = l.owner.held[b.resource] == b.version;
    boolean busy = held && Link.version(l.served, b.resource) != b.version && backlogged(l.owner);
    if (held && !busy) {
      l.served = Link.with(l.served, b.resource, b.version);
    }
    Frame.Kind answer = !held ? Frame.Kind.REJECTS : busy ? Frame.Kind.BUSY : Frame.Kind.DATA;
    sim.net.send(Frame.run(answer, l.other, f.bundle, f.pieces, f.from, f.until));
  }

  /**
   * Whether a new requester would wait longer than the engine's backlog wait behind what the node's
   * uplink holds, at the node's upload rate (which the simulation gives every engine).
   */
  private boolean backlogged(Node n) {
    return (double) n.queued * sim.roundNanos > (double) Rules.BACKLOG_WAIT_NANOS * n.upload;
  }

  void data(Link l, Frame f) {
    Node n = l.owner;
    Bundles.Bundle b = sim.bundles.get(f.bundle);
    for (int i = f.from; i < f.until; i++) {
      int piece = f.pieces[i];
      if (!l.peer || l.dropped || !n.online || !l.answered(f.bundle, piece, sim.round, sim.roundNanos)) {
        continue;
      }
      l.consecutiveTimeouts = 0;
      sim.census.pieceBytes(b.version, Pieces.length(b.size, piece));
      Fetch dl = n.fetch(b.resource);
      if (dl == null || dl.bundle != f.bundle) {
        sim.latePieces++;
        continue;
      }
      if (!dl.accept(l, piece, sim.round, sim.roundNanos)) {
        sim.duplicatePieces++;
      }
      if (dl.complete()) {
        n.fetching(b.resource, null);
        install(n, b.resource, b.version, true);
        consider(n, b.resource);
      }
      pumpAll(n);
    }
  }

  /**
   * Rejects arrived (the engine's Peers.onReject): each piece is free for other claimants; a busy
   * holder is left alone for a jittered round trip, its claim kept, and any other reject withdraws
   * the holder's claim.
   */
  void rejects(Link l, Frame f) {
    Node n = l.owner;
    Bundles.Bundle b = sim.bundles.get(f.bundle);
    for (int i = f.from; i < f.until; i++) {
      if (!l.peer || l.dropped || !n.online) {
        return;
      }
      l.answered(f.bundle, f.pieces[i], sim.round, sim.roundNanos);
      Fetch dl = n.fetch(b.resource);
      if (dl != null && dl.bundle == f.bundle) {
        dl.release(l, f.pieces[i]);
      }
      if (f.kind == Frame.Kind.BUSY) {
        long backoff = Math.max(Rules.MIN_BUSY_BACKOFF_NANOS, Math.min(Rules.MAX_BUSY_BACKOFF_NANOS, l.srttNanos));
        l.busyUntil = sim.nanos() + (long) (backoff * (0.5 + n.random.nextDouble()));
      } else if (l.claim(b.resource) == b.version) {
        l.claims = Link.with(l.claims, b.resource, 0);
        consider(n, b.resource);
      }
      pumpAll(n);
    }
  }

  // ---- holding ----

  /**
   * Installs a verified version (the engine's Installer.install): the older one is withdrawn from
   * every peer, the new one claimed to every peer (in one inventory with whatever else is installed
   * within the batch delay), and every offer reconsidered.
   */
  void install(Node n, int r, int version, boolean fromPeer) {
    int old = n.held[r];
    if (old >= version) {
      return;
    }
    n.held[r] = version;
    for (Link p : n.peers) {
      if (old > 0) {
        if (Link.version(p.pendingClaims, r) == old) {
          p.pendingClaims = Link.with(p.pendingClaims, r, 0);
        } else {
          p.pendingDrops = Link.with(p.pendingDrops, r, old);
        }
      }
      p.pendingClaims = Link.with(p.pendingClaims, r, version);
      p.pendingDrops = Link.version(p.pendingDrops, r) == version ? Link.with(p.pendingDrops, r, 0) : p.pendingDrops;
    }
    if (!n.inventoryBatchPending) {
      // What else installs within the batch delay goes in the same inventory (the engine's Announcer.announce).
      n.inventoryBatchPending = true;
      sim.afterBatchDelay(() -> {
        n.inventoryBatchPending = false;
        if (n.online) {
          for (int i = 0; i < n.peers.size(); i++) {
            flushInventory(n.peers.get(i));
          }
        }
      });
    }
    sim.census.installed(n.id, r, version, fromPeer, sim.bundles.of(version, r).size);
    if (n.waiting != null) {
      // The next tick sees what is missing now (the maps a new IRD names) and starts their wait.
      sim.wake(n);
    }
    for (int k = 0; k < 3; k++) {
      consider(n, k);
    }
    pumpAll(n);
    if (n.refreshed >= 0) {
      sim.fallbacks.askServer(n);
    }
  }

  /** Forgets a peer's claims and every request waiting on it, then reconsiders (the engine's Peers.forget). */
  void forget(Link l) {
    Node n = l.owner;
    long had = l.claims;
    l.claims = 0;
    l.forgetRequests();
    if (n.fetches != null) {
      for (Fetch dl : n.fetches) {
        if (dl != null) {
          dl.releaseAll(l);
        }
      }
    }
    for (int r = 0; r < 3; r++) {
      if (Link.version(had, r) > 0) {
        consider(n, r);
      }
    }
    pumpAll(n);
  }

  // ---- the periodic work ----

  /** The engine's tick, for downloads and peers: timeouts, step-downs, lapsed requests. */
  void tick(Node n) {
    long now = sim.nanos();
    int timeoutRounds = sim.timeoutRounds;
    for (int r = 0; r < 3; r++) {
      Fetch dl = n.fetch(r);
      if (dl != null) {
        dl.expire(sim.round - timeoutRounds);
        if (stalled(dl, now) || stepDownDue(dl, now)) {
          consider(n, r);
        }
      }
    }
    List<Link> toDrop = null;
    for (int i = 0; i < n.peers.size() && n.outstanding > 0; i++) {
      Link p = n.peers.get(i);
      int lapsed = p.asked() == 0 ? 0 : p.lapse(sim.round - timeoutRounds);
      sim.requestTimeouts += lapsed;
      p.consecutiveTimeouts += lapsed;
      if (lapsed > 0 && (p.consecutiveTimeouts >= Rules.MAX_CONSECUTIVE_TIMEOUTS || p.answers == 0)) {
        toDrop = toDrop == null ? new ArrayList<>(2) : toDrop;
        toDrop.add(p);
      }
    }
    if (toDrop != null) {
      toDrop.forEach(sim.peers::drop);
    }
    pumpAll(n);
  }
}
