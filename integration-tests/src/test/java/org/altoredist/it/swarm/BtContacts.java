package org.altoredist.it.swarm;

import bt.bencoding.types.BEString;
import bt.net.ConnectionKey;
import bt.protocol.Message;
import bt.protocol.extended.ExtendedHandshake;
import bt.torrent.annotation.Consumes;
import bt.torrent.annotation.Produces;
import bt.torrent.messaging.ConnectionState;
import bt.torrent.messaging.MessageContext;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Whom a Bt client met on the peer wire, per remote host, as Bt itself saw it. Installed as one
 * more messaging agent beside ar_alto's: Bt hands agents a peer's messages only once the
 * BitTorrent handshake is done, so a peer's extension handshake reaching {@link #handshake} means
 * both handshakes completed; the connection's own counters give the content bytes moved each way.
 * It sends nothing.
 *
 * <p>Public only because Bt's messaging reaches agents through public method handles.
 */
public final class BtContacts {

  /**
   * What one remote host did on this client's connections, summed over them: how many completed
   * the BitTorrent handshake (one per remote port), the client its BEP 10 handshake names
   * ({@code v}), if it sent one, and the piece bytes received from and sent to it (lower bounds:
   * counters are read while the connection's queue is idle, so the last blocks of a closed
   * connection may be missed).
   *
   * @param client what its BEP 10 handshake names itself, null if none arrived
   * @param exchangedContent whether on one connection both handshakes completed and piece bytes moved
   */
  public record Contact(InetAddress host, int connections, String client, long downloaded, long uploaded,
      boolean exchangedContent) {

    /** Whether the BitTorrent and the BEP 10 handshakes completed on one of its connections. */
    public boolean extended() {
      return client != null;
    }

    @Override
    public String toString() {
      return host.getHostAddress() + " (" + connections + " conn, "
          + (client != null ? "BEP 10 \"" + client + "\"" : "no BEP 10") + ", " + downloaded + " B in, " + uploaded
          + " B out" + (exchangedContent ? "" : ", no content over BEP 10") + ")";
    }
  }

  /** One connection as last observed: client null until its BEP 10 handshake; counters only grow. */
  private record Seen(String client, long downloaded, long uploaded) {

    static final Seen CONNECTED = new Seen(null, 0, 0);

    Seen merge(Seen o) {
      return new Seen(client != null ? client : o.client, Math.max(downloaded, o.downloaded),
          Math.max(uploaded, o.uploaded));
    }
  }

  private final Map<ConnectionKey, Seen> connections = new ConcurrentHashMap<>();

  /** Bt's peer-connected event: the BitTorrent handshake with this peer completed. */
  void connected(ConnectionKey key) {
    connections.merge(key, Seen.CONNECTED, Seen::merge);
  }

  @Consumes
  public void handshake(ExtendedHandshake handshake, MessageContext context) {
    // Clients that send no "v" still count: the handshake itself is what is observed.
    String client = handshake.getData().get(ExtendedHandshake.VERSION_PROPERTY) instanceof BEString v
        ? v.getValueAsString() : "no v given";
    connections.merge(context.getConnectionKey(), new Seen(client, 0, 0), Seen::merge);
  }

  /** Bt asks every connection's agents for messages whenever its queue is empty: the moment to read its counters. */
  @Produces
  public void traffic(Consumer<Message> messages, MessageContext context) {
    ConnectionState s = context.getConnectionState();
    if (s.getDownloaded() > 0 || s.getUploaded() > 0) {
      connections.merge(context.getConnectionKey(), new Seen(null, s.getDownloaded(), s.getUploaded()),
          Seen::merge);
    }
  }

  /** Every remote host met so far, by address. */
  public Map<InetAddress, Contact> byHost() {
    Map<InetAddress, Contact> hosts = new TreeMap<>(Comparator.comparing(InetAddress::getHostAddress));
    connections.forEach((key, s) -> {
      InetAddress host = key.getPeer().getInetAddress();
      Contact one = new Contact(host, 1, s.client(), s.downloaded(), s.uploaded(),
          s.client() != null && s.downloaded() + s.uploaded() > 0);
      hosts.merge(host, one, (a, b) -> new Contact(host, a.connections() + b.connections(),
          a.client() != null ? a.client() : b.client(), a.downloaded() + b.downloaded(),
          a.uploaded() + b.uploaded(), a.exchangedContent() || b.exchangedContent()));
    });
    return hosts;
  }
}
