package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Fuzz target: the framer and the whole session state machine, fed a stream from a peer. Any
 * stream either ends the session with a {@link WireException} or is accepted; fed whole and fed
 * byte by byte, it gives the same outcome and the same bytes in reply. Seeds: both directions
 * of the exchange vector, and the handshake followed by each message vector.
 */
class PeerWireFuzzTest {

  private static final byte[] PEER_ID = "-AR0100-fuzzfuzzfuzz".getBytes(StandardCharsets.US_ASCII);
  private static final PeerWireSession.Events IGNORE = new PeerWireSession.Events() {
    @Override
    public void handshake(PeerWireHandshake theirs) {}

    @Override
    public void extensionChanged(boolean enabled) {}

    @Override
    public void message(ArAltoMessage message) {}
  };

  @FuzzTest(maxDuration = "2h")
  void stream(byte[] input) {
    String whole = run(input, input.length);
    assertEquals(whole, run(input, 1), "byte-by-byte feeding changed the outcome");
  }

  /** Feeds {@code input} in chunks of {@code chunk} bytes; the outcome and the reply bytes as text. */
  private static String run(byte[] input, int chunk) {
    // The exchange vector's B receives ar_alto under 3; any info-hash is accepted to reach past the handshake.
    PeerWireSession s = new PeerWireSession(PeerWireSession.Role.ACCEPTOR, null, h -> true, PEER_ID,
        WireConfig.defaults().withLocalExtensionId(3), IGNORE, 0);
    String outcome = "accepted";
    try {
      for (int off = 0; off < input.length; off += Math.max(1, chunk)) {
        s.receive(ByteBuffer.wrap(input, off, Math.min(Math.max(1, chunk), input.length - off)), 0);
      }
    } catch (WireException e) {
      outcome = e.getMessage();
    }
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    for (ByteBuffer b : s.outbound()) {
      byte[] part = new byte[b.remaining()];
      b.get(part);
      reply.writeBytes(part);
    }
    // Not bytesReceived: it counts what was handed in, including bytes after a fatal frame.
    PeerStats st = s.stats();
    return outcome + " " + st.received() + st.sent() + st.counters() + " " + HexFormat.of().formatHex(reply.toByteArray());
  }
}
