package org.altoredist.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link FrameDecoder.Sink} that writes what it gets as one line each, for comparing transcripts. */
final class RecordingSink implements FrameDecoder.Sink {

  final List<String> events = new ArrayList<>();
  final List<byte[]> payloads = new ArrayList<>();
  final List<Integer> extendedIds = new ArrayList<>();
  PeerWireHandshake handshake;

  @Override
  public void handshake(PeerWireHandshake h) {
    handshake = h;
    events.add("handshake " + h);
  }

  @Override
  public void keepAlive() {
    events.add("keep-alive");
  }

  @Override
  public void haveAllOrNone(int messageId) {
    events.add("have " + messageId);
  }

  @Override
  public void extended(int extendedId, byte[] buf, int off, int len) {
    byte[] copy = Arrays.copyOfRange(buf, off, off + len);
    payloads.add(copy);
    extendedIds.add(extendedId);
    // Length and hash keep transcripts short; the payloads themselves are kept above.
    events.add("extended " + extendedId + " " + len + " bytes #" + Arrays.hashCode(copy));
  }

  @Override
  public void skipped(int messageId, int extendedId, int length) {
    events.add("skipped " + messageId + "/" + extendedId + " " + length);
  }
}
