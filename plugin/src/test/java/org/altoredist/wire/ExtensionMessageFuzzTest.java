package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the ar_alto message decoder. Any payload is refused with a {@link WireException},
 * ignored (unknown type), or decodes to a message that survives an encode/decode round trip.
 * Seeds: the message and malformed vectors.
 */
class ExtensionMessageFuzzTest {

  @FuzzTest(maxDuration = "2h")
  void decode(byte[] payload) {
    ArAltoMessage m;
    try {
      m = ExtensionMessageCodec.decode(payload);
    } catch (WireException e) {
      return;
    }
    if (m != null) {
      try {
        assertEquals(m, ExtensionMessageCodec.decode(ExtensionMessageCodec.encode(m)));
      } catch (WireException e) {
        throw new AssertionError("our own encoding of " + m + " is refused", e);
      }
    }
  }
}
