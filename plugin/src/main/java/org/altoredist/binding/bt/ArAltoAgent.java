package org.altoredist.binding.bt;

import bt.protocol.Message;
import bt.protocol.extended.ExtendedHandshake;
import bt.torrent.annotation.Consumes;
import bt.torrent.annotation.Produces;
import bt.torrent.messaging.MessageContext;
import java.util.function.Consumer;

/**
 * Bt's messaging agent for {@code ar_alto}: Bt calls it for every extension handshake and every
 * {@code ar_alto} payload a peer sends, and asks it for messages whenever a connection's queue is
 * empty. Everything goes to the binding's transport.
 *
 * <p>Public only because Bt's messaging reaches agents through public method handles.
 */
public final class ArAltoAgent {

  private final InWireTransport transport;

  ArAltoAgent(InWireTransport transport) {
    this.transport = transport;
  }

  @Consumes
  public void handshake(ExtendedHandshake handshake, MessageContext context) {
    transport.handshake(handshake, context.getConnectionKey());
  }

  @Consumes
  public void payload(ArAltoPayload payload, MessageContext context) {
    transport.payload(payload, context.getConnectionKey());
  }

  @Produces
  public void produce(Consumer<Message> messages, MessageContext context) {
    transport.produce(messages, context.getConnectionKey());
  }
}
