package org.altoredist.engine.sim.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.altoredist.wire.WireLimits;

/**
 * The engine's connections, for every node of the compact model (the engine's {@code Connections}
 * and {@code Peers}, which opens, closes and drops links): whom to dial, which links to
 * keep, whom to tell which endpoints.
 */
final class Peers {

  private final CompactSimulation sim;
  /** Fresh candidates of the node dialling now (one node dials at a time). */
  private final int[] scratch = new int[Rules.MAX_CANDIDATES];
  /** The ids of its peers, sorted, to tell the candidates it is linked to already. */
  private int[] peerIds = new int[64];

  Peers(CompactSimulation sim) {
    this.sim = sim;
  }

  /**
   * The peer's extension handshake arrived at {@code l}: the engine takes the link as a peer, unless
   * it is banned, the node has its most peers, or it duplicates a link the tie-break keeps.
   */
  void opened(Link l) {
    Node n = l.owner;
    n.removeDialing(l.remote.id);
    if (n.banned(l.remote.id, sim.nanos()) || n.peers.size() >= sim.config.maxPeers() || !keepDuplicate(l)) {
      sim.net.disconnect(l);
      return;
    }
    l.peer = true;
    l.openSeq = ++n.openCounter;
    n.peers.add(l);
    for (int r = 0; r < 3; r++) {
      if (n.held[r] > 0) {
        l.pendingClaims = Link.with(l.pendingClaims, r, n.held[r]);
      }
    }
    sim.transfers.flushInventory(l);
    n.endpointsChanged = true;
    sim.wake(n);
  }

  /**
   * Two nodes that dial each other at once keep the link dialled by the lower of the two (here: node
   * id; in the full model, listen address), both ends alike, and close the other.
   */
  private boolean keepDuplicate(Link l) {
    Node n = l.owner;
    boolean selfLower = n.id < l.remote.id;
    List<Link> same = new ArrayList<>(1);
    for (Link p : n.peers) {
      if (!p.closing && p.remote == l.remote) {
        same.add(p);
      }
    }
    for (Link p : same) {
      if (p.outgoing == selfLower || l.outgoing != selfLower) {
        return false;
      }
    }
    for (Link p : same) {
      p.closing = true;
      sim.net.disconnect(p);
    }
    return true;
  }

  /** The connection at {@code l} ended: a dial failed, or the engine forgets a peer. */
  void closed(Link l) {
    Node n = l.owner;
    n.removeDialing(l.remote.id);
    if (!l.peer) {
      sim.wake(n);
      return;
    }
    n.peers.remove(l);
    sim.transfers.forget(l);
    sim.wake(n);
  }

  /** A dial that was never answered (the peer is gone, or behind NAT) fails at the handshake timeout. */
  void dialFailed(Node n, int remote) {
    n.removeDialing(remote);
  }

  /** Disconnects and bans a peer that broke the protocol's trust: it is not asked again for an hour. */
  void drop(Link l) {
    if (l.dropped) {
      return;
    }
    l.dropped = true;
    sim.peersDropped++;
    Node n = l.owner;
    n.ban(l.remote.id, sim.nanos() + Rules.BAN.toNanos());
    n.peers.remove(l);
    l.peer = false;
    sim.transfers.forget(l);
    sim.net.disconnect(l);
  }

  /** Endpoints learned from a lookup or a peer: candidates to dial, then dial more. */
  void learned(Node n, int[] found) {
    for (int a : found) {
      if (a != n.id && !n.banned(a, sim.nanos())) {
        n.learn(a);
      }
    }
    dialMore(n);
  }

  void endpoints(Link l, int[] added) {
    if (l.peer && !l.dropped) {
      learned(l.owner, added);
    }
  }

  /** Dials random candidates until open and pending links reach the target. */
  void dialMore(Node n) {
    int target = sim.config.degree();
    if (n.peers.size() + n.dialing() >= target || n.candidateCount() == 0) {
      return;
    }
    int linked = n.peers.size();
    if (peerIds.length < linked) {
      peerIds = new int[2 * linked];
    }
    for (int i = 0; i < linked; i++) {
      peerIds[i] = n.peers.get(i).remote.id;
    }
    Arrays.sort(peerIds, 0, linked);
    int[] fresh = scratch;
    int k = 0;
    for (int i = 0; i < n.candidateCount(); i++) {
      int a = n.candidate(i);
      if (!n.isDialing(a) && Arrays.binarySearch(peerIds, 0, linked, a) < 0 && !n.banned(a, sim.nanos())) {
        fresh[k++] = a;
      }
    }
    while (k > 0 && n.peers.size() + n.dialing() < target) {
      // As the engine draws from its list of fresh candidates: take one out, the rest close up.
      int i = n.random.nextInt(k);
      int a = fresh[i];
      System.arraycopy(fresh, i + 1, fresh, i, k - i - 1);
      k--;
      n.addDialing(a);
      sim.dial(n, a);
    }
  }

  /**
   * Tells {@code to} the other peers it has not been told (the engine sends their listen addresses,
   * sorted, within the endpoints rate; refused by the rate, it tries again after the average spacing).
   */
  void sendEndpoints(Link to) {
    Node n = to.owner;
    if (sim.nanos() < to.endpointsRetryAt) {
      return;
    }
    int[] batch = new int[Math.min(n.peers.size(), WireLimits.MAX_ENDPOINTS_PER_FAMILY)];
    // Peers told once are not told again (the engine remembers the addresses it told; the model, the
    // highest link it told of, so a peer that left and came back is told again).
    int k = 0;
    int highest = to.toldSeq;
    for (Link p : n.peers) {
      if (p != to && p.openSeq > to.toldSeq && k < batch.length) {
        batch[k++] = p.remote.id;
        highest = Math.max(highest, p.openSeq);
      }
    }
    if (k == 0) {
      return;
    }
    if (to.endpointsAllowed(sim.round, sim.intervalRounds)) {
      Frame f = new Frame(Frame.Kind.ENDPOINTS, to.other, sim.bundles.endpointsFrame(k));
      f.endpoints = Arrays.copyOf(batch, k);
      sim.net.send(f);
      to.toldSeq = highest;
    } else {
      to.endpointsRetryAt = sim.nanos() + Rules.ENDPOINTS_RETRY_NANOS;
    }
  }
}
