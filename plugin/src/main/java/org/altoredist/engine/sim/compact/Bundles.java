package org.altoredist.engine.sim.compact;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireLimits;

/**
 * The bundles the server published, by id ({@code version * 3 + resource}), and how many bytes each
 * message about them takes on the wire: sizes measured by encoding the real messages with the
 * wire codec, so that uplinks fill as they do in the full model.
 */
final class Bundles {

  /** Length prefix, message id 20 and extended id before every ar_alto payload (Frames). */
  private static final int EXTENDED_HEAD = 6;
  /** A fast-extension have_none: length prefix and id. */
  static final int HAVE_NONE = 5;
  static final int HANDSHAKE = PeerWireHandshake.LENGTH;

  /** One published bundle. */
  static final class Bundle {
    final int version;
    final int resource;
    final int size;
    final int pieces;
    final int[] dataFrame;
    final int[] requestFrame;
    final int[] rejectFrame;
    /** Bytes a claim of it adds to an inventory; a withdrawal adds {@link #dropBytes}. */
    final int claimBytes;

    Bundle(int version, int resource, int size, int pieces, int[] dataFrame, int[] requestFrame, int[] rejectFrame,
        int claimBytes) {
      this.version = version;
      this.resource = resource;
      this.size = size;
      this.pieces = pieces;
      this.dataFrame = dataFrame;
      this.requestFrame = requestFrame;
      this.rejectFrame = rejectFrame;
      this.claimBytes = claimBytes;
    }
  }

  private final List<Bundle> byId = new ArrayList<>();
  private final int inventoryBase;
  private final int bundlesListBytes;
  private final int droppedListBytes;
  private final int dropBytes;
  private final int[] endpointsFrame = new int[WireLimits.MAX_ENDPOINTS_PER_FAMILY + 1];
  /** The acceptor's reply to a handshake: its handshake, have_none, its extension handshake. */
  final int acceptorReply;
  /** The dialler's reply: have_none, its extension handshake. */
  final int diallerReply;

  Bundles(int port) {
    byId.add(null);
    byId.add(null);
    byId.add(null);
    // An inventory is a dictionary with a list of claims and a list of withdrawals, each left out
    // when empty: its size is a base, each list's own bytes when present, and each entry's.
    BundleClaim a = new BundleClaim("s", null, 1, 1, BundleHash.of(new byte[BundleHash.LENGTH]));
    BundleHash h = BundleHash.of(new byte[BundleHash.LENGTH]);
    int claim = header(new ArAltoMessage.Inventory(List.of(a), List.of()));
    int drop = header(new ArAltoMessage.Inventory(List.of(), List.of(h)));
    int both = header(new ArAltoMessage.Inventory(List.of(a), List.of(h)));
    dropBytes = header(new ArAltoMessage.Inventory(List.of(), List.of(h, h))) - drop;
    inventoryBase = claim + drop - both;
    bundlesListBytes = claim - inventoryBase - claimBytes(a);
    droppedListBytes = drop - inventoryBase - dropBytes;
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (int k = 1; k < endpointsFrame.length; k++) {
      endpoints.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      endpointsFrame[k] = header(new ArAltoMessage.Endpoints(endpoints));
    }
    WireConfig wire = WireConfig.defaults().withListenPort(port);
    int extension = EXTENDED_HEAD + new ExtensionHandshake(wire.localExtensionId(), wire.requestQueue(), port,
        wire.client()).encode().length;
    acceptorReply = HANDSHAKE + HAVE_NONE + extension;
    diallerReply = HAVE_NONE + extension;
    if (HANDSHAKE != PeerWireHandshake.ours(InfoHash.ofHex("00".repeat(InfoHash.LENGTH)), new byte[20]).encode().length) {
      throw new IllegalStateException("the BEP 3 handshake changed length");
    }
  }

  /** Adds version {@code v}'s three bundles as the server signed them. */
  void publish(int v, SimulatedAltoServer server, String service) {
    String[] ids = {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID};
    for (int r = 0; r < ids.length; r++) {
      byte[] b = server.bundle(ids[r]);
      BundleHash hash = BundleHash.compute(b);
      int pieces = Pieces.count(b.length);
      int[] data = new int[pieces];
      int[] request = new int[pieces];
      int[] reject = new int[pieces];
      for (int p = 0; p < pieces; p++) {
        int len = Pieces.length(b.length, p);
        data[p] = header(new ArAltoMessage.Data(hash, p, b.length, ByteBuffer.wrap(b, p * WireLimits.PIECE_SIZE, len)))
            + len;
        request[p] = header(new ArAltoMessage.Request(hash, p));
        reject[p] = header(new ArAltoMessage.Reject(hash, p, RejectReason.NOT_HELD.code()));
      }
      int claim = claimBytes(new BundleClaim(service, ids[r], v, b.length, hash));
      byId.add(new Bundle(v, r, b.length, pieces, data, request, reject, claim));
    }
  }

  Bundle get(int id) {
    return byId.get(id);
  }

  Bundle of(int version, int resource) {
    return byId.get(version * 3 + resource);
  }

  /** The three bundles' total size. */
  long versionBytes(int version) {
    return (long) of(version, 0).size + of(version, 1).size + of(version, 2).size;
  }

  /** An inventory's frame: claims of these versions, withdrawals of those (0 for none), per resource. */
  int inventoryFrame(int[] claims, int[] drops) {
    int n = inventoryBase;
    boolean anyClaim = false;
    boolean anyDrop = false;
    for (int r = 0; r < claims.length; r++) {
      if (claims[r] > 0) {
        n += of(claims[r], r).claimBytes;
        anyClaim = true;
      }
      if (drops[r] > 0) {
        n += dropBytes;
        anyDrop = true;
      }
    }
    return n + (anyClaim ? bundlesListBytes : 0) + (anyDrop ? droppedListBytes : 0);
  }

  int endpointsFrame(int count) {
    return endpointsFrame[Math.min(count, endpointsFrame.length - 1)];
  }

  /** The bytes one claim takes in an inventory's list of claims. */
  private static int claimBytes(BundleClaim c) {
    return header(new ArAltoMessage.Inventory(List.of(c, c), List.of()))
        - header(new ArAltoMessage.Inventory(List.of(c), List.of()));
  }

  private static int header(ArAltoMessage m) {
    return EXTENDED_HEAD + ExtensionMessageCodec.encodeHeader(m).length;
  }
}
