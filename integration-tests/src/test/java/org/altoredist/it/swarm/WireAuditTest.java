package org.altoredist.it.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.MessageType;
import org.altoredist.wire.PeerWireHandshake;
import org.junit.jupiter.api.Test;

/**
 * The audit of captured traffic can fail: a pcap written here, with one ALTO peer's ar_alto
 * connection cut into shuffled, partly retransmitted segments, passes when it carries only what
 * the specification allows, and every kind of leak added to it is found.
 */
class WireAuditTest {

  private static final String SERVICE = "http://127.0.0.1/alto/directory";
  private static final InetSocketAddress ALTO = new InetSocketAddress(Loopback.host(1, 2), 50_000);
  private static final InetSocketAddress OTHER = new InetSocketAddress(Loopback.host(2, 1), 6_881);
  /** A content peer the ALTO peer's steering ranked and dialled. */
  private static final InetSocketAddress RANKED = new InetSocketAddress(Loopback.host(3, 1), 40_123);
  /** The ids each side gave ar_alto in its extension handshake: the other side must send under them. */
  private static final int ALTO_ID = 3;
  private static final int OTHER_ID = 5;

  @Test
  void aConnectionCarryingOnlyWhatTheSpecificationAllowsPasses() {
    WireAudit.Result r = audit(capture(List.of()));
    assertEquals(List.of(), r.findings());
    assertEquals(1, r.arAltoStreams());
    assertEquals(Map.of(MessageType.INVENTORY, 1, MessageType.ENDPOINTS, 1), r.messages());
  }

  @Test
  void aMessageOfAnUndefinedTypeCarryingARankedListIsFound() {
    byte[] ranked = ("d8:msg_typei9e6:rankedl" + RANKED.getAddress().getHostAddress().length() + ":"
        + RANKED.getAddress().getHostAddress() + "ee").getBytes(StandardCharsets.US_ASCII);
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, ranked)), "a type the specification does not define");
  }

  @Test
  void endpointsInTheSendersOwnOrderAreFound() {
    ArAltoMessage.Endpoints e = new ArAltoMessage.Endpoints(List.of(new InetSocketAddress(Loopback.host(4, 1), 7000),
        new InetSocketAddress(Loopback.host(2, 9), 7000)));
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(e))), "order of the sender's choosing");
  }

  @Test
  void aRankedPeerInAnyFormIsFound() {
    ArAltoMessage.Endpoints e = new ArAltoMessage.Endpoints(List.of(RANKED));
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(e))), "steering ranked");
  }

  @Test
  void dataThatIsNoSignedMapIsFoundAndSoIsAnEndpointCostMediaType() {
    byte[] body = "{\"meta\":{},\"endpoint-cost-map\":{}} application/alto-endpointcost+json"
        .getBytes(StandardCharsets.US_ASCII);
    ArAltoMessage.Data d = new ArAltoMessage.Data(BundleHash.compute(body), 0, body.length, ByteBuffer.wrap(body));
    WireAudit.Result r = audit(capture(List.of(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(d)))));
    assertTrue(r.findings().stream().anyMatch(f -> f.contains("endpoint-cost media type")), r.findings()::toString);
    assertTrue(r.findings().stream().anyMatch(f -> f.contains("not a resource signed by")), r.findings()::toString);
  }

  @Test
  void aDeltaWhoseBaseAndTargetWereNeverSentCannotPassTheAudit() {
    byte[] delta = DeltaBundle.between(SignedBundle.of(new byte[] {1}, "{\"a\":1}".getBytes(StandardCharsets.US_ASCII)),
        SignedBundle.of(new byte[] {1}, "{\"a\":2}".getBytes(StandardCharsets.US_ASCII))).encoded();
    ArAltoMessage.Data d = new ArAltoMessage.Data(BundleHash.compute(delta), 0, delta.length, ByteBuffer.wrap(delta));
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(d))),
        "neither its base nor its target was sent");
  }

  @Test
  void bytesThatLookLikeADeltaButAreNoneAreFound() {
    byte[] junk = "arsd, but nothing after the magic".getBytes(StandardCharsets.US_ASCII);
    ArAltoMessage.Data d = new ArAltoMessage.Data(BundleHash.compute(junk), 0, junk.length, ByteBuffer.wrap(junk));
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(d))),
        "neither a signed resource nor a delta bundle");
  }

  @Test
  void aMessageUnderAnIdTheReceiverNeverGaveIsFound() {
    byte[] inv = ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(List.of(), List.of(hash(9))));
    assertFound(List.of(PeerWireFrames.extended(ALTO_ID, inv)), "never gave ar_alto");
  }

  @Test
  void aClaimAboutAnotherResourceIsFound() {
    BundleClaim c = new BundleClaim(SERVICE, "endpoint-cost", 1, 100, hash(7));
    byte[] inv = ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(List.of(c), List.of()));
    assertFound(List.of(PeerWireFrames.extended(OTHER_ID, inv)), "not a redistributable resource");
  }

  private static void assertFound(List<byte[]> extra, String what) {
    WireAudit.Result r = audit(capture(extra));
    assertTrue(r.findings().stream().anyMatch(f -> f.contains(what)), () -> "expected \"" + what + "\" in " + r.findings());
  }

  private static WireAudit.Result audit(byte[] pcap) {
    TrustPolicy trust = TrustPolicy.forService(SERVICE).pin(new byte[32]).build();
    return new WireAudit(trust, Set.of("", "loopback-network-map", "loopback-routingcost"),
        Map.of(ALTO.getAddress(), Set.of(RANKED))).audit(Pcap.parse(pcap));
  }

  /** One ar_alto connection, both directions, with {@code extra} messages appended to what the ALTO peer sends. */
  private static byte[] capture(List<byte[]> extra) {
    InfoHash torrent = InfoHash.of(new byte[InfoHash.LENGTH]);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    sent.writeBytes(PeerWireHandshake.ours(torrent, new byte[20]).encode());
    sent.writeBytes(new byte[] {0, 0, 0, 1, PeerWireFrames.HAVE_NONE});
    sent.writeBytes(PeerWireFrames.extended(0, new ExtensionHandshake(ALTO_ID, 128, null, "altoredist").encode()));
    BundleClaim claim = new BundleClaim(SERVICE, "loopback-network-map", 7, 2000, hash(1));
    sent.writeBytes(PeerWireFrames.extended(OTHER_ID,
        ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(List.of(claim), List.of()))));
    sent.writeBytes(PeerWireFrames.extended(OTHER_ID, ExtensionMessageCodec.encode(new ArAltoMessage.Endpoints(List.of(
        new InetSocketAddress(Loopback.host(2, 9), 7000), new InetSocketAddress(Loopback.host(4, 1), 7000))))));
    extra.forEach(sent::writeBytes);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    back.writeBytes(PeerWireHandshake.ours(torrent, new byte[20]).encode());
    back.writeBytes(PeerWireFrames.extended(0, new ExtensionHandshake(OTHER_ID, 64, null, "other").encode()));
    PcapWriter w = new PcapWriter();
    w.connection(ALTO, OTHER, sent.toByteArray(), 1_000);
    w.connection(OTHER, ALTO, back.toByteArray(), 9_000_000);
    w.udp(ALTO, OTHER, "d1:ad2:id20:aaaaaaaaaaaaaaaaaaaae1:q4:ping1:t2:aa1:y1:qe".getBytes(StandardCharsets.US_ASCII));
    return w.bytes();
  }

  private static BundleHash hash(int b) {
    byte[] h = new byte[BundleHash.LENGTH];
    Arrays.fill(h, (byte) b);
    return BundleHash.of(h);
  }

  /** Classic pcap, Ethernet frames as tcpdump -i lo writes them. */
  private static final class PcapWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PcapWriter() {
      out.writeBytes(le(24).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
          .putInt(262_144).putInt(1).array());
    }

    /** A SYN, then the bytes in segments of up to 100 bytes, shuffled, every third one sent twice. */
    void connection(InetSocketAddress from, InetSocketAddress to, byte[] bytes, long isn) {
      packet(from, to, 6, tcp(from, to, isn, 0x02, new byte[0]));
      List<byte[]> segments = new ArrayList<>();
      for (int at = 0; at < bytes.length; at += 100) {
        byte[] seg = tcp(from, to, isn + 1 + at, 0x18, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 100)));
        segments.add(seg);
        if (segments.size() % 3 == 0) {
          segments.add(seg);
        }
      }
      Collections.shuffle(segments, new Random(1));
      segments.forEach(s -> packet(from, to, 6, s));
    }

    void udp(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
      packet(from, to, 17, ByteBuffer.allocate(8 + payload.length).putShort((short) from.getPort())
          .putShort((short) to.getPort()).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array());
    }

    private static byte[] tcp(InetSocketAddress from, InetSocketAddress to, long seq, int flags, byte[] payload) {
      return ByteBuffer.allocate(20 + payload.length).putShort((short) from.getPort()).putShort((short) to.getPort())
          .putInt((int) seq).putInt(0).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0)
          .put(payload).array();
    }

    private void packet(InetSocketAddress from, InetSocketAddress to, int proto, byte[] transport) {
      ByteBuffer ip = ByteBuffer.allocate(20 + transport.length).put((byte) 0x45).put((byte) 0)
          .putShort((short) (20 + transport.length)).putInt(0).put((byte) 64).put((byte) proto).putShort((short) 0)
          .put(addr(from.getAddress())).put(addr(to.getAddress())).put(transport);
      byte[] frame = ByteBuffer.allocate(14 + ip.capacity()).put(new byte[12]).putShort((short) 0x0800).put(ip.array())
          .array();
      out.writeBytes(le(16).putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).array());
      out.writeBytes(frame);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private static byte[] addr(InetAddress a) {
      return a.getAddress();
    }

    private static ByteBuffer le(int n) {
      return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
