package org.altoredist.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.endpoint.WireEndpoint;
import org.altoredist.wire.endpoint.WireListener;
import org.altoredist.wire.endpoint.WirePeer;

/**
 * The engine's transport over real sockets: a {@link WireEndpoint} (the plugin's own peer-wire
 * endpoint, one NIO thread) whose connections become {@link PeerLink}s once the peer's extension
 * handshake enables {@code ar_alto}. Events arrive on the endpoint's thread; the engine moves them
 * onto its loop.
 */
public final class WireTransport implements PeerTransport {

  private final WireEndpoint endpoint;
  private final Map<WirePeer, Link> links = new ConcurrentHashMap<>();
  private volatile Listener listener;

  private WireTransport(InetSocketAddress bind, WireConfig config) throws IOException {
    this.endpoint = WireEndpoint.open(bind, config, new Events());
  }

  /** Binds {@code bind} (port 0 picks one) and starts the endpoint's thread. */
  public static WireTransport open(InetSocketAddress bind, WireConfig config) throws IOException {
    return new WireTransport(bind, config);
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(InfoHash torrent) {
    endpoint.register(torrent);
  }

  @Override
  public void refuse(InfoHash torrent) {
    endpoint.unregister(torrent);
  }

  @Override
  public void dial(InfoHash torrent, InetSocketAddress remote) {
    endpoint.dial(torrent, remote).whenComplete((peer, error) -> {
      if (error != null && listener != null) {
        listener.dialFailed(torrent, remote, error.toString());
      }
    });
  }

  @Override
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  @Override
  public void close() {
    endpoint.close();
  }

  /** One endpoint connection on which {@code ar_alto} is enabled. */
  private static final class Link implements PeerLink {
    private final WirePeer peer;
    private final InfoHash torrent;

    Link(WirePeer peer, InfoHash torrent) {
      this.peer = peer;
      this.torrent = torrent;
    }

    @Override
    public InfoHash torrent() {
      return torrent;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return peer.remoteAddress();
    }

    @Override
    public Optional<InetSocketAddress> listenAddress() {
      return peer.listenAddress();
    }

    @Override
    public boolean outgoing() {
      return peer.outgoing();
    }

    @Override
    public SendOutcome send(ArAltoMessage message) {
      return peer.send(message);
    }

    @Override
    public long queuedBytes() {
      return peer.queuedBytes();
    }

    @Override
    public void disconnect() {
      peer.disconnect();
    }

    @Override
    public String toString() {
      return peer.remoteAddress().toString();
    }
  }

  private final class Events implements WireListener {
    @Override
    public void extensionChanged(WirePeer peer, boolean enabled) {
      Listener l = listener;
      if (l == null) {
        peer.disconnect();
        return;
      }
      if (enabled && peer.infoHash().isPresent()) {
        Link link = new Link(peer, peer.infoHash().get());
        if (links.putIfAbsent(peer, link) == null) {
          l.opened(link);
        }
      } else if (!enabled) {
        Link link = links.remove(peer);
        if (link != null) {
          l.closed(link, DisconnectReason.CLOSED_BY_PEER, "the peer disabled ar_alto");
        }
      }
    }

    @Override
    public void message(WirePeer peer, ArAltoMessage message) {
      Link link = links.get(peer);
      Listener l = listener;
      if (link != null && l != null) {
        l.message(link, message);
      }
    }

    @Override
    public void disconnected(WirePeer peer, DisconnectReason reason, String detail) {
      Link link = links.remove(peer);
      Listener l = listener;
      if (l == null) {
        return;
      }
      if (link != null) {
        l.closed(link, reason, detail);
      } else if (peer.outgoing()) {
        l.dialFailed(peer.infoHash().orElse(null), peer.remoteAddress(), reason + ": " + detail);
      }
    }
  }
}
