package org.altoredist.it.swarm;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.MessageType;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.WireException;
import org.altoredist.wire.WireLimits;

/**
 * Reads captured traffic as a third party would and lists every byte an ALTO peer sent that the
 * specification does not allow to leave it (bep_ar_alto.md, "Privacy" and "Rankings stay local"):
 * an {@code ar_alto} message outside the five message types or malformed, a message under an id
 * the receiver never gave, data that does not reassemble into a bundle signed by the service's
 * ALTO server carrying an IRD, a network map or a cost map, a claim about any other resource, an
 * {@code endpoints} list in an order of the sender's choosing, any endpoint the sender's own
 * steering dialled (the content peers it ranked), and, in any packet it sent at all, an
 * endpoint-cost media type.
 */
public final class WireAudit {

  private static final Set<String> SIGNED_MEDIA_TYPES = Set.of("application/alto-directory+json",
      "application/alto-networkmap+json", "application/alto-costmap+json");
  /** Both the endpoint-cost response and its request parameters: answers computed for one client. */
  private static final byte[] ENDPOINT_COST = "application/alto-endpointcost".getBytes(StandardCharsets.US_ASCII);
  /** The order a sender must use for {@code endpoints}: address bytes unsigned, then port. */
  private static final Comparator<InetSocketAddress> ADDRESS_ORDER =
      Comparator.comparing((InetSocketAddress a) -> a.getAddress().getAddress(), Arrays::compareUnsigned)
          .thenComparingInt(InetSocketAddress::getPort);

  /** What was found, and how much was read, so a test can tell a clean capture from an empty one. */
  public record Result(List<String> findings, int arAltoStreams, Map<MessageType, Integer> messages,
      Map<String, Integer> bundlesByMediaType) {}

  private final TrustPolicy trust;
  private final Set<String> resourceIds;
  private final Map<InetAddress, Set<InetSocketAddress>> ranked;
  private final List<String> findings = new ArrayList<>();
  private final Map<MessageType, Integer> messages = new EnumMap<>(MessageType.class);
  private final Map<BundleHash, Assembly> data = new LinkedHashMap<>();
  private int arAltoStreams;

  /**
   * @param trust the service the ALTO peers use: every bundle they send must verify under it
   * @param resourceIds the resource ids they may claim (the root IRD as "")
   * @param ranked per ALTO peer address, the content endpoints its steering ranked and dialled
   */
  public WireAudit(TrustPolicy trust, Set<String> resourceIds, Map<InetAddress, Set<InetSocketAddress>> ranked) {
    this.trust = trust;
    this.resourceIds = Set.copyOf(resourceIds);
    this.ranked = Map.copyOf(ranked);
  }

  /** Audits everything sent from the addresses in {@code ranked}'s key set. */
  public Result audit(Pcap.Capture capture) {
    for (Pcap.Stream s : capture.streams()) {
      if (ranked.containsKey(s.from().getAddress())) {
        stream(s, capture.reverse(s));
      }
    }
    for (Pcap.Datagram d : capture.datagrams()) {
      if (ranked.containsKey(d.from().getAddress()) && indexOf(d.payload(), ENDPOINT_COST) >= 0) {
        findings.add("UDP " + d.from() + " -> " + d.to() + ": carries an endpoint-cost media type");
      }
    }
    Map<String, Integer> media = new TreeMap<>();
    data.forEach((hash, a) -> a.verify(hash, media));
    return new Result(List.copyOf(findings), arAltoStreams, Map.copyOf(messages), Map.copyOf(media));
  }

  private void stream(Pcap.Stream s, Pcap.Stream reverse) {
    String where = "TCP " + s.label();
    if (indexOf(s.bytes(), ENDPOINT_COST) >= 0) {
      findings.add(where + ": carries an endpoint-cost media type");
    }
    if (!startsWith(s.bytes(), PeerWireHandshake.PROTOCOL)) {
      return; // HTTP to the tracker, or libtorrent's own encrypted content connections
    }
    List<PeerWireFrames.Frame> frames = new ArrayList<>();
    boolean whole = frames(s.bytes(), frames);
    Integer ours = arAltoId(frames);
    if (ours == null || ours == 0) {
      return; // a content connection of the peer's libtorrent session: it does not speak ar_alto
    }
    arAltoStreams++;
    if (s.gap() || !whole) {
      findings.add(where + ": the capture misses part of this ar_alto stream, so it cannot be audited");
    }
    for (InetSocketAddress e : ranked.get(s.from().getAddress())) {
      if (indexOf(s.bytes(), compact(e)) >= 0 || indexOf(s.bytes(), text(e)) >= 0) {
        findings.add(where + ": carries " + e + ", a peer this ALTO peer's steering ranked");
      }
    }
    List<PeerWireFrames.Frame> back = new ArrayList<>();
    if (reverse != null) {
      frames(reverse.bytes(), back);
    }
    Set<Integer> theirIds = new HashSet<>();
    for (PeerWireFrames.Frame f : back) {
      Integer id = handshakeId(f);
      if (id != null && id > 0) {
        theirIds.add(id);
      }
    }
    for (PeerWireFrames.Frame f : frames) {
      if (f.keepAlive() || f.extendedId() == 0 || f.messageId() == PeerWireFrames.HAVE_NONE && f.payload().length == 0) {
        continue;
      }
      if (f.messageId() != PeerWireFrames.EXTENDED) {
        findings.add(where + ": an ar_alto endpoint sent " + f + ", which is neither have_none nor an extension message");
      } else if (!theirIds.contains(f.extendedId())) {
        findings.add(where + ": " + f + " under an id the receiver never gave ar_alto");
      } else {
        message(where, s.from().getAddress(), f.payload());
      }
    }
  }

  private void message(String where, InetAddress sender, byte[] payload) {
    ArAltoMessage m;
    try {
      m = ExtensionMessageCodec.decode(payload);
    } catch (WireException e) {
      findings.add(where + ": a malformed ar_alto message (" + e.getMessage() + ")");
      return;
    }
    if (m == null) {
      findings.add(where + ": an ar_alto message of a type the specification does not define: "
          + new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.ISO_8859_1));
      return;
    }
    messages.merge(m.type(), 1, Integer::sum);
    if (m instanceof ArAltoMessage.Data d) {
      data.computeIfAbsent(d.hash(), h -> new Assembly(h, d.totalSize())).add(where, d);
    } else if (m instanceof ArAltoMessage.Inventory inv) {
      List<BundleClaim> claims = new ArrayList<>(inv.bundles());
      inv.deltas().forEach(d -> claims.add(d.delta()));
      for (BundleClaim c : claims) {
        String rid = c.resourceId() == null ? "" : c.resourceId();
        if (!c.service().equals(trust.service()) || !resourceIds.contains(rid)) {
          findings.add(where + ": claims " + c.service() + " \"" + rid + "\", which is not a redistributable resource");
        }
      }
    } else if (m instanceof ArAltoMessage.Endpoints e) {
      List<InetSocketAddress> sorted = new ArrayList<>(e.added());
      sorted.sort(ADDRESS_ORDER);
      if (!sorted.equals(e.added())) {
        findings.add(where + ": endpoints in an order of the sender's choosing: " + e.added());
      }
    }
  }

  /** Splits a stream into frames after the handshake; false if it ends inside one. */
  private static boolean frames(byte[] bytes, List<PeerWireFrames.Frame> into) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      PeerWireFrames.readHandshake(in);
      for (PeerWireFrames.Frame f; (f = PeerWireFrames.readFrame(in)) != null; ) {
        into.add(f);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The ar_alto id of the sender's latest extension handshake on this stream; null if none named it. */
  private static Integer arAltoId(List<PeerWireFrames.Frame> frames) {
    Integer id = null;
    for (PeerWireFrames.Frame f : frames) {
      Integer h = handshakeId(f);
      id = h != null ? h : id;
    }
    return id;
  }

  private static Integer handshakeId(PeerWireFrames.Frame f) {
    if (f.extendedId() != 0) {
      return null;
    }
    try {
      return ExtensionHandshake.decode(f.payload(), 0, f.payload().length).arAltoId();
    } catch (WireException e) {
      return null;
    }
  }

  /** The pieces of one bundle seen in data messages, from whichever ALTO peer sent them. */
  private final class Assembly {
    final BundleHash hash;
    final int totalSize;
    final byte[] bytes;
    final BitSet got = new BitSet();

    Assembly(BundleHash hash, int totalSize) {
      this.hash = hash;
      this.totalSize = totalSize;
      this.bytes = new byte[totalSize];
    }

    void add(String where, ArAltoMessage.Data d) {
      if (d.totalSize() != totalSize) {
        findings.add(where + ": data of " + d.hash() + " with total_size " + d.totalSize() + ", elsewhere " + totalSize);
        return;
      }
      d.payload().duplicate().get(bytes, d.piece() * WireLimits.PIECE_SIZE, d.payload().remaining());
      got.set(d.piece());
    }

    void verify(BundleHash hash, Map<String, Integer> media) {
      if (got.cardinality() != Pieces.count(totalSize)) {
        findings.add("bundle " + hash + ": only " + got.cardinality() + " of its " + Pieces.count(totalSize)
            + " pieces were sent, so what they carry cannot be verified");
      } else if (!BundleHash.compute(bytes).equals(hash)) {
        findings.add("bundle " + hash + ": the pieces sent do not hash to it");
      } else if (bytes.length >= 4 && bytes[0] == 'a' && bytes[1] == 'r' && bytes[2] == 's' && bytes[3] == 'd') {
        delta(hash, media);
      } else {
        signed("bundle " + hash, bytes, media);
      }
    }

    boolean complete() {
      return got.cardinality() == Pieces.count(totalSize) && BundleHash.compute(bytes).equals(hash);
    }

    /**
     * A delta bundle (signed-resources.md §4.1) carries a patch, not a resource: what it rebuilds
     * from its base must be a resource signed by the service. The base must be in the capture (the
     * peers got it over ar_alto too), or else the target itself.
     */
    private void delta(BundleHash hash, Map<String, Integer> media) {
      DeltaBundle d;
      try {
        d = DeltaBundle.parse(bytes);
      } catch (VerificationException e) {
        findings.add("bundle " + hash + ": neither a signed resource nor a delta bundle (" + e.reason() + ")");
        return;
      }
      Assembly base = data.get(BundleHash.of(d.baseHash()));
      Assembly target = data.get(BundleHash.of(d.targetHash()));
      if (base != null && base.complete()) {
        try {
          signed("delta " + hash, d.rebuild(SignedBundle.parse(base.bytes)).encoded(), media);
        } catch (VerificationException e) {
          findings.add("delta " + hash + ": does not rebuild its target from its base (" + e.reason() + ")");
        }
      } else if (target == null || !target.complete()) {
        findings.add("delta " + hash + ": neither its base nor its target was sent, so what it rebuilds cannot be audited");
      }
    }

    private void signed(String what, byte[] resource, Map<String, Integer> media) {
      try {
        String type = new ResourceVerifier(trust).verify(resource, Expectation.fromOrigin(null)).descriptor().mediaType();
        media.merge(type, 1, Integer::sum);
        if (!SIGNED_MEDIA_TYPES.contains(type)) {
          findings.add(what + ": carries " + type + ", not an IRD, network map or cost map");
        }
      } catch (VerificationException e) {
        findings.add(what + ": not a resource signed by " + trust.service() + " (" + e.reason() + ")");
      }
    }
  }

  static byte[] compact(InetSocketAddress e) {
    byte[] a = e.getAddress().getAddress();
    byte[] out = Arrays.copyOf(a, a.length + 2);
    out[a.length] = (byte) (e.getPort() >> 8);
    out[a.length + 1] = (byte) e.getPort();
    return out;
  }

  private static byte[] text(InetSocketAddress e) {
    return (e.getAddress().getHostAddress() + ":" + e.getPort()).getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
