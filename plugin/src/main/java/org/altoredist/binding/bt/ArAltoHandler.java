package org.altoredist.binding.bt;

import bt.net.buffer.ByteBufferView;
import bt.protocol.DecodingContext;
import bt.protocol.EncodingContext;
import bt.protocol.handler.MessageHandler;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Set;
import org.altoredist.wire.WireLimits;

/**
 * Bt's codec for {@code ar_alto}: it moves payload bytes and nothing more. Bt's extended protocol
 * has already read (or will write) the length prefix, message id 20 and the extended id; decoding
 * what the payload means, and refusing what breaks the specification, is the binding's
 * {@link org.altoredist.wire.ExtensionSession}'s work on the consumer side, where a refusal can end
 * {@code ar_alto} for the one peer that sent it.
 */
final class ArAltoHandler implements MessageHandler<ArAltoPayload> {

  @Override
  public Collection<Class<? extends ArAltoPayload>> getSupportedTypes() {
    return Set.of(ArAltoPayload.class);
  }

  @Override
  public Class<ArAltoPayload> readMessageType(ByteBufferView buffer) {
    return ArAltoPayload.class;
  }

  /**
   * Bt hands over exactly one message's payload. One over the 17 KiB limit is skipped rather
   * than copied, and reported as such so that the peer can be dropped for it.
   */
  @Override
  public int decode(DecodingContext context, ByteBufferView buffer) {
    int length = buffer.remaining();
    if (length > WireLimits.MAX_MESSAGE_SIZE) {
      buffer.position(buffer.position() + length);
      context.setMessage(ArAltoPayload.oversized(length));
      return length;
    }
    byte[] payload = new byte[length];
    buffer.get(payload);
    context.setMessage(ArAltoPayload.received(payload));
    return length;
  }

  @Override
  public boolean encode(EncodingContext context, ArAltoPayload message, ByteBuffer buffer) {
    return message.writeTo(buffer);
  }
}
