package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.altoredist.engine.PeerLink;
import org.altoredist.engine.PeerTransport;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.WireLimits;

/**
 * A scripted node that plays one {@link Fault} (libtorrent's simulation/fake_peer.hpp is the
 * model). It speaks the wire correctly unless the fault is about the wire, and lies where the fault
 * says. What it offers is set per published version by {@link Hostiles}.
 */
final class HostilePeer implements PeerTransport.Listener {

  /** The SLOW peer answers each request this late: within the request timeout, far behind everyone else. */
  static final Duration SLOW_DELAY = Duration.ofSeconds(5);
  /** Inventories the flooder sends back to back: more than the burst the receiver tolerates. */
  static final int FLOOD = 2 * WireLimits.INVENTORY_BURST;

  /**
   * A claim, and the bytes served for it (null for a claim that is never answered); for a delta,
   * its delta claim too ({@code claim} is then the delta's own).
   */
  record Offer(BundleClaim claim, byte[] bytes, DeltaClaim delta) {
    Offer(BundleClaim claim, byte[] bytes) {
      this(claim, bytes, null);
    }
  }

  /** A handle no one holds, for the unsolicited data. */
  private static final BundleHash NOWHERE = BundleHash.of(new byte[BundleHash.LENGTH]);

  final Fault fault;
  final SimNode node;
  private final List<SimLink> open = new ArrayList<>();
  final Set<InetSocketAddress> met = new HashSet<>();
  /** Honest nodes it cheated: sent a lie to (a bundle, a piece, a broken message) or let down. */
  final Set<InetSocketAddress> cheated = new HashSet<>();
  private List<Offer> offers = List.of();

  HostilePeer(Fault fault, SimNode node) {
    this.fault = fault;
    this.node = node;
    node.start(this);
  }

  void offer(List<Offer> offers) {
    this.offers = List.copyOf(offers);
    for (SimLink l : open) {
      announce(l);
    }
  }

  /** The cheated honest nodes that still have a link to this node. */
  int stillLinkedToCheated() {
    int n = 0;
    for (SimLink l : open) {
      n += cheated.contains(l.remoteAddress()) ? 1 : 0;

    }
    return n;
  }

  @Override
  public void opened(PeerLink link) {
    SimLink l = (SimLink) link;

    open.add(l);
    met.add(l.remoteAddress());
    switch (fault) {
      case INVENTORY_FLOOD -> {
        cheated.add(l.remoteAddress());
        for (int i = 0; i < FLOOD; i++) {
          l.sendRaw(ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(List.of(), List.of(BundleHash.of(
              new byte[BundleHash.LENGTH])))));
        }
      }
      // "d8:msg_typei3e" with its keys out of order: not canonical bencode.
      case MALFORMED_MESSAGE -> {
        cheated.add(l.remoteAddress());
        l.sendRaw("d8:msg_typei3e7:bundlesleee".getBytes(StandardCharsets.US_ASCII));
      }
      case UNSOLICITED_DATA -> {
        cheated.add(l.remoteAddress());
        for (int piece = 0; piece <= WireLimits.UNSOLICITED_DATA_TOLERANCE; piece++) {
          l.sendRaw(ExtensionMessageCodec.encode(new ArAltoMessage.Data(NOWHERE, piece,
              (WireLimits.UNSOLICITED_DATA_TOLERANCE + 1) * WireLimits.PIECE_SIZE,
              ByteBuffer.allocate(WireLimits.PIECE_SIZE))));
        }
      }
      default -> announce(l);
    }
  }

  private void announce(SimLink l) {
    List<BundleClaim> claims = new ArrayList<>();
    List<DeltaClaim> deltas = new ArrayList<>();
    for (Offer o : offers) {
      if (o.delta() == null) {
        claims.add(o.claim());
      } else {
        deltas.add(o.delta());
      }
    }
    if (!claims.isEmpty() || !deltas.isEmpty()) {
      l.send(new ArAltoMessage.Inventory(claims, List.of(), deltas));
    }
  }

  @Override
  public void message(PeerLink link, ArAltoMessage message) {
    if (!(message instanceof ArAltoMessage.Request r)) {
      return;
    }
    Offer o = offers.stream().filter(x -> x.claim().hash().equals(r.hash())).findFirst().orElse(null);
    if (o == null) {
      link.send(new ArAltoMessage.Reject(r.hash(), r.piece(), org.altoredist.wire.RejectReason.NOT_HELD));
      return;
    }
    cheated.add(link.remoteAddress());

    if (fault == Fault.NEVER_DELIVERS || fault == Fault.PHANTOM_VERSION) {
      return;
    }
    ArAltoMessage answer;
    if (fault == Fault.LARGER_THAN_ANNOUNCED) {
      int size = o.bytes().length + WireLimits.PIECE_SIZE;
      answer = new ArAltoMessage.Data(r.hash(), r.piece(), size, ByteBuffer.allocate(Pieces.length(size, r.piece())));
    } else if (r.piece() < Pieces.count(o.bytes().length)) {
      answer = new ArAltoMessage.Data(r.hash(), r.piece(), o.bytes().length, Pieces.slice(o.bytes(), r.piece()));
    } else {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), org.altoredist.wire.RejectReason.PIECE_OUT_OF_RANGE);
    }
    if (fault == Fault.SLOW) {
      node.network.loop.schedule(SLOW_DELAY, () -> link.send(answer));
    } else {
      link.send(answer);
    }
  }

  @Override
  public void closed(PeerLink link, DisconnectReason reason, String detail) {

    open.remove((SimLink) link);
  }

  @Override
  public void dialFailed(InfoHash torrent, InetSocketAddress remote, String why) {
    // A hostile node dials once; a refusal is what it expects from nodes that banned it.
  }
}
