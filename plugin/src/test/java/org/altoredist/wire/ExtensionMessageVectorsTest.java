package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** bep-extension-spec/vectors/wire/messages.json and malformed.json, both ways. */
class ExtensionMessageVectorsTest {

  /** The receiving peer's ar_alto id in messages.json's frame_hex. */
  private static final int RECEIVER_ID = 3;

  static Stream<JsonNode> messages() {
    return Vectors.cases("messages.json").stream().filter(c -> c.has("fields"));
  }

  static Stream<JsonNode> malformed() {
    return Vectors.cases("malformed.json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void decodingTheVectorGivesItsFields(JsonNode c) throws Exception {
    assertEquals(Vectors.message(c.get("fields")), ExtensionMessageCodec.decode(Vectors.hex(c.get("hex"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void encodingTheFieldsGivesTheVectorBytes(JsonNode c) {
    ArAltoMessage m = Vectors.message(c.get("fields"));
    assertArrayEquals(Vectors.hex(c.get("hex")), ExtensionMessageCodec.encode(m));
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    for (ByteBuffer b : Frames.extended(RECEIVER_ID, m)) {
      byte[] part = new byte[b.remaining()];
      b.get(part);
      frame.writeBytes(part);
    }
    assertArrayEquals(Vectors.hex(c.get("frame_hex")), frame.toByteArray());
  }

  @Test
  void unknownMessageTypeIsIgnoredNotFatal() throws Exception {
    JsonNode c = Vectors.named("messages.json", "unknown-msg-type");
    assertEquals("ignored", c.get("outcome").asText());
    assertNull(ExtensionMessageCodec.decode(Vectors.hex(c.get("hex"))));
  }

  @Test
  void rejectReasonThisVersionDoesNotDefineReadsAsNotHeld() throws Exception {
    JsonNode c = Vectors.named("messages.json", "reject-unknown-reason");
    ArAltoMessage.Reject r = (ArAltoMessage.Reject) ExtensionMessageCodec.decode(Vectors.hex(c.get("hex")));
    assertEquals(5, r.reasonCode());
    assertEquals(RejectReason.NOT_HELD, r.reason());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedVectorsAreRefusedAsMalformed(JsonNode c) {
    assertEquals("malformed", c.get("outcome").asText());
    WireException e = assertThrows(WireException.class, () -> ExtensionMessageCodec.decode(Vectors.hex(c.get("hex"))));
    assertEquals(DisconnectReason.MALFORMED_MESSAGE, e.reason(), e.getMessage());
  }

  @Test
  void messageOverSeventeenKibIsTooLargeBeforeAnyParsing() {
    WireException e = assertThrows(WireException.class,
        () -> ExtensionMessageCodec.decode(new byte[WireLimits.MAX_MESSAGE_SIZE + 1]));
    assertEquals(DisconnectReason.MESSAGE_TOO_LARGE, e.reason());
  }
}
