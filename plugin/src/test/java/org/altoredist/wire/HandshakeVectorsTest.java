package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** bep-extension-spec/vectors/wire/handshakes.json. */
class HandshakeVectorsTest {

  static Stream<JsonNode> extensionHandshakes() {
    return Vectors.cases("handshakes.json").stream().filter(c -> c.get("name").asText().startsWith("ext-"));
  }

  @Test
  void btHandshakeCarriesExtensionAndFastBits() throws Exception {
    JsonNode c = Vectors.named("handshakes.json", "bt-handshake-a");
    JsonNode f = c.get("fields");
    PeerWireHandshake ours = PeerWireHandshake.ours(InfoHash.of(Vectors.hex(f.get("info_hash"))),
        Vectors.hex(f.get("peer_id")));
    assertArrayEquals(Vectors.hex(c.get("hex")), ours.encode());

    RecordingSink sink = new RecordingSink();
    new FrameDecoder(1, true).feed(ByteBuffer.wrap(Vectors.hex(c.get("hex"))), sink);
    assertEquals(ours, sink.handshake);
    assertTrue(sink.handshake.extensionProtocol() && sink.handshake.fastExtension());
  }

  @Test
  void haveNoneAndKeepAliveAreTheirVectorBytes() throws Exception {
    assertArrayEquals(Vectors.hex(Vectors.named("handshakes.json", "have-none").get("hex")), Frames.haveNone().array());
    assertArrayEquals(Vectors.hex(Vectors.named("handshakes.json", "keep-alive").get("hex")), Frames.keepAlive().array());
    RecordingSink sink = new RecordingSink();
    new FrameDecoder(1, false).feed(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0x0f}), sink);
    assertEquals(List.of("keep-alive", "have 15"), sink.events);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extensionHandshakes")
  void extensionHandshakeVectorsGiveTheirFields(JsonNode c) throws Exception {
    byte[] payload = Vectors.hex(c.get("hex"));
    ExtensionHandshake hs = ExtensionHandshake.decode(payload, 0, payload.length);
    JsonNode f = c.get("fields");
    int id = hs.arAltoId() == null ? 0 : hs.arAltoId();
    assertEquals(f.get("ar_alto").asInt(), id);
    int reqq = hs.requestQueue() == null ? WireLimits.DEFAULT_REQUEST_QUEUE : hs.requestQueue();
    assertEquals(f.get("ar_alto_reqq").asInt(), reqq);
    assertEquals(f.has("p") ? f.get("p").asInt() : null, hs.listenPort());
    assertEquals(f.has("v") ? f.get("v").asText() : null, hs.client());

    RecordingSink sink = new RecordingSink();
    new FrameDecoder(1, false).feed(ByteBuffer.wrap(Vectors.hex(c.get("frame_hex"))), sink);
    assertArrayEquals(payload, sink.payloads.get(0));
    assertEquals(0, sink.extendedIds.get(0));
  }

  @Test
  void ourHandshakeEncodesToTheVector() {
    byte[] expected = Vectors.hex(Vectors.named("handshakes.json", "ext-handshake-a").get("hex"));
    assertArrayEquals(expected, new ExtensionHandshake(1, 64, 6881, "altoredist 0.1").encode());
  }

  @Test
  void extendedIdZeroDisablesExtension() throws Exception {
    byte[] p = Vectors.hex(Vectors.named("handshakes.json", "ext-handshake-disable").get("hex"));
    assertEquals(0, ExtensionHandshake.decode(p, 0, p.length).arAltoId());
  }

  @Test
  void handshakeThatDoesNotMentionArAltoLeavesItUnchanged() throws Exception {
    byte[] p = Vectors.hex(Vectors.named("handshakes.json", "ext-handshake-vanilla").get("hex"));
    assertNull(ExtensionHandshake.decode(p, 0, p.length).arAltoId());
  }

  @Test
  void arAltoIdOutsideAByteMeansDisabled() throws Exception {
    byte[] p = "d1:md7:ar_altoi256eee".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(0, ExtensionHandshake.decode(p, 0, p.length).arAltoId());
  }

  @Test
  void garbageHandshakeIsRefusedAtItsFirstWrongByte() {
    RecordingSink sink = new RecordingSink();
    WireException e = assertThrows(WireException.class,
        () -> new FrameDecoder(1, true).feed(ByteBuffer.wrap(new byte[] {19, 'B', 'x'}), sink));
    assertEquals(DisconnectReason.BAD_HANDSHAKE, e.reason());
    assertEquals("BAD_HANDSHAKE: byte 2 is 0x78, expected 0x69", e.getMessage());
  }
}
