package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The engine's side of the wire, played by a test: it opens links to the engine, hands it messages
 * and records what the engine sends and dials. Registered as an extension, it closes after each
 * test the engine it started.
 */
final class ScriptedTransport implements PeerTransport, AfterEachCallback {

  record Dial(InfoHash torrent, InetSocketAddress remote) {}

  record Sent(PeerLink link, ArAltoMessage message) {}

  static final InetSocketAddress SELF = new InetSocketAddress("127.0.1.1", 7000);

  final List<Dial> dials = new CopyOnWriteArrayList<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  /** The links the engine closed itself (a drop, a refusal at open). */
  final List<PeerLink> disconnected = new CopyOnWriteArrayList<>();
  private volatile Listener engine;
  private RedistributionEngine started;

  /** Builds an engine on this transport, starts it, and closes it after the test. */
  RedistributionEngine start(RedistributionEngine.Builder builder) {
    started = builder.transport(this).build();
    started.start();
    return started;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (started != null) {
      started.close();
    }
  }

  @Override
  public void start(Listener listener) {
    engine = listener;
  }

  @Override
  public void accept(InfoHash torrent) {}

  @Override
  public void refuse(InfoHash torrent) {}

  @Override
  public void dial(InfoHash torrent, InetSocketAddress remote) {
    dials.add(new Dial(torrent, remote));
  }

  @Override
  public InetSocketAddress localAddress() {
    return SELF;
  }

  @Override
  public void close() {}

  /** Opens an incoming link for {@code torrent} from {@code ip}, whose peer listens where it connected from. */
  PeerLink open(InfoHash torrent, String ip) {
    Link l = new Link(torrent, new InetSocketAddress(ip, 7000));
    engine.opened(l);
    return l;
  }

  /** Hands the engine {@code m} as received on {@code link}. */
  void receive(PeerLink link, ArAltoMessage m) {
    engine.message(link, m);
  }

  /** Ends {@code link} as the wire layer would, for {@code reason}. */
  void close(PeerLink link, DisconnectReason reason, String detail) {
    engine.closed(link, reason, detail);
  }

  /** Makes {@code link} report {@code bytes} queued and not yet written, as a slow socket would. */
  static void queue(PeerLink link, long bytes) {
    ((Link) link).queued = bytes;
  }

  boolean sentOn(PeerLink l, Class<? extends ArAltoMessage> type) {
    return sent.stream().anyMatch(s -> s.link() == l && type.isInstance(s.message()));
  }

  private final class Link implements PeerLink {
    private final InfoHash torrent;
    private final InetSocketAddress remote;
    private volatile long queued;

    Link(InfoHash torrent, InetSocketAddress remote) {
      this.torrent = torrent;
      this.remote = remote;
    }

    @Override
    public InfoHash torrent() {
      return torrent;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public Optional<InetSocketAddress> listenAddress() {
      return Optional.of(remote);
    }

    @Override
    public boolean outgoing() {
      return false;
    }

    @Override
    public SendOutcome send(ArAltoMessage message) {
      sent.add(new Sent(this, message));
      return SendOutcome.SENT;
    }

    @Override
    public long queuedBytes() {
      return queued;
    }

    @Override
    public void disconnect() {
      disconnected.add(this);
      engine.closed(this, DisconnectReason.CLOSED_LOCALLY, "closed by the test");
    }
  }
}
