package org.altoredist.engine.sim.compact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The compact model's network, in the full model's rounds: half a round after a round starts, every
 * node with something queued transmits from its uplink, first in first out, within its budget (a
 * frame that starts within it finishes; the overdraft is paid next round), in an order shuffled
 * every round; at the next round's start every frame transmitted is delivered, in that order, and
 * the receivers react at once. A connection is opened by the same three steps as a peer-wire
 * session's: the dialler's handshake, the acceptor's handshake and extension handshake, the
 * dialler's extension handshake; the engine at each end takes the link when the peer's extension
 * handshake arrives.
 */
final class Net {

  private final CompactSimulation sim;
  private final SplittableRandom random;
  private final List<Node> active = new ArrayList<>();
  private List<Frame> inFlight = new ArrayList<>();

  Net(CompactSimulation sim, long seed) {
    this.sim = sim;
    this.random = new SplittableRandom(seed);
  }

  /** Queues a frame on the uplink of the node at the sending end of {@code to}. */
  void send(Frame f) {
    Node n = f.to.other.owner;
    if (n.uplink == null) {
      n.uplink = new ArrayDeque<>();
    }
    n.uplink.add(f);
    n.queued += f.isRun() ? runBytes(f) : f.size;
    if (!n.transmitting) {
      n.transmitting = true;
      active.add(n);
    }
  }

  /** Opens a connection from {@code from} to {@code to}: the dialler's handshake goes out. */
  Link dial(Node from, Node to) {
    Link mine = new Link(from, to, true);
    Link theirs = new Link(to, from, false);
    mine.other = theirs;
    theirs.other = mine;
    from.links.add(mine);
    to.links.add(theirs);
    send(new Frame(Frame.Kind.HANDSHAKE, theirs, Bundles.HANDSHAKE));
    return mine;
  }

  /** Transmits every uplink with something queued, half a round after the round's start. */
  void transmit() {
    for (int i = active.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Node t = active.get(i);
      active.set(i, active.get(j));
      active.set(j, t);
    }
    int round = sim.round;
    for (int k = 0; k < active.size(); k++) {
      Node n = active.get(k);
      if (n.online) {
        n.budget = Math.min(n.upload, n.budget + (long) n.upload * Math.max(1, round - n.lastTransmit));
        n.lastTransmit = round;
        drain(n);
      }
      if (!n.online || n.uplink.isEmpty()) {
        n.transmitting = false;
        active.set(k, active.get(active.size() - 1));
        active.remove(active.size() - 1);
        k--;
      }
    }
  }

  private void drain(Node n) {
    while (n.budget > 0 && !n.uplink.isEmpty()) {
      Frame f = n.uplink.peek();
      if (!f.isRun()) {
        n.uplink.poll();
        n.budget -= f.size;
        n.queued -= f.size;
        inFlight.add(f);
        continue;
      }
      int[] sizes = sizes(f);
      int sent = f.from;
      int bytes = 0;
      while (sent < f.until && n.budget > 0) {
        n.budget -= sizes[f.pieces[sent]];
        bytes += sizes[f.pieces[sent]];
        sent++;
      }
      n.queued -= bytes;
      Frame part = sent == f.until ? f : Frame.run(f.kind, f.to, f.bundle, f.pieces, f.from, sent);
      part.size = bytes;
      if (sent == f.until) {
        n.uplink.poll();
      } else {
        f.from = sent;
      }
      inFlight.add(part);
    }
  }

  /** The wire size of each piece's message in a run: data, request or reject (busy too) frames of its bundle. */
  private int[] sizes(Frame f) {
    Bundles.Bundle b = sim.bundles.get(f.bundle);
    return f.kind == Frame.Kind.DATA ? b.dataFrame : f.kind == Frame.Kind.REQUESTS ? b.requestFrame : b.rejectFrame;
  }

  private long runBytes(Frame f) {
    int[] sizes = sizes(f);
    long bytes = 0;
    for (int i = f.from; i < f.until; i++) {
      bytes += sizes[f.pieces[i]];
    }
    return bytes;
  }

  /** Delivers what was transmitted, at the start of the round after it. */
  void deliver() {
    List<Frame> frames = inFlight;
    inFlight = new ArrayList<>();
    for (Frame f : frames) {
      Link to = f.to;
      if (to.closed || !to.owner.online) {
        continue;
      }
      sim.events++;
      sim.census.wireBytes(to.owner.id, f.size);
      switch (f.kind) {
        case HANDSHAKE -> send(new Frame(Frame.Kind.ACCEPTOR_REPLY, to.other, sim.bundles.acceptorReply));
        case ACCEPTOR_REPLY -> {
          send(new Frame(Frame.Kind.DIALLER_REPLY, to.other, sim.bundles.diallerReply));
          sim.peers.opened(to);
        }
        case DIALLER_REPLY -> sim.peers.opened(to);
        case INVENTORY -> sim.transfers.inventory(to, f.claims, f.drops);
        case ENDPOINTS -> sim.peers.endpoints(to, f.endpoints);
        case REQUESTS -> sim.transfers.requests(to, f);
        case DATA -> sim.transfers.data(to, f);
        case REJECTS, BUSY -> sim.transfers.rejects(to, f);
      }
    }
  }

  /** This end closes now (the engine at it is told), and the other end a round later, as a socket's peer sees it. */
  void disconnect(Link l) {
    close(l);
    Link other = l.other;
    sim.wheel.at(sim.round + 1, () -> close(other));
  }

  /** Ends a connection end; the engine at it forgets the peer, or the dial, as the case may be. */
  void close(Link l) {
    if (l.closed) {
      return;
    }
    l.closed = true;
    l.owner.links.remove(l);
    if (l.owner.online) {
      sim.peers.closed(l);
    }
  }
}
