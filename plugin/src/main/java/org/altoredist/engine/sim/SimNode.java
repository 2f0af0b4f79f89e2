package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.altoredist.engine.PeerTransport;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerWireSession;
import org.altoredist.wire.WireConfig;

/**
 * One simulated host: its listen address, its connections and its uplink queue. It is the
 * {@link PeerTransport} of the engine (or scripted peer) running there.
 */
public final class SimNode implements PeerTransport {

  final InMemoryNetwork network;
  final InetSocketAddress address;
  private final long uploadBytesPerRound;
  private final boolean reachable;
  /** Which honest node of the run this is; -1 for a scripted one. */
  int index = -1;
  final WireConfig config;
  final byte[] peerId;
  private final Set<InfoHash> accepted = new HashSet<>();
  final List<SimLink> links = new ArrayList<>();
  private final ArrayDeque<InMemoryNetwork.Frame> uplink = new ArrayDeque<>();
  private long budget;
  PeerTransport.Listener listener;
  private boolean closed;
  long bytesReceived;

  SimNode(InMemoryNetwork network, InetSocketAddress address, long uploadBytesPerRound, boolean reachable) {
    this.network = network;
    this.address = address;
    this.uploadBytesPerRound = uploadBytesPerRound;
    this.reachable = reachable;
    this.config = WireConfig.defaults().withListenPort(address.getPort());
    byte[] id = new byte[20];
    byte[] tag = ("-SM0001-" + address.getAddress().getHostAddress()).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tag, 0, id, 0, Math.min(20, tag.length));
    this.peerId = id;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(InfoHash torrent) {
    accepted.add(torrent);
  }

  @Override
  public void refuse(InfoHash torrent) {
    accepted.remove(torrent);
  }

  boolean accepts(InfoHash torrent) {
    return !closed && accepted.contains(torrent);
  }

  @Override
  public void dial(InfoHash torrent, InetSocketAddress remote) {
    SimNode there = network.node(remote);
    if (there == null || !there.reachable) {
      network.loop.schedule(config.handshakeTimeout(), () -> listener.dialFailed(torrent, remote,
          there == null ? "no answer: nobody is there" : "no answer: behind NAT"));
      return;
    }
    if (closed || there.closed || there == this) {
      network.loop.schedule(Duration.ofNanos(network.roundNanos()), () -> listener.dialFailed(torrent, remote,
          "refused"));
      return;
    }
    SimLink mine = new SimLink(this, true, torrent, remote);
    SimLink theirs = new SimLink(there, false, null, address);
    mine.connect(theirs, PeerWireSession.Role.DIALLER);
    theirs.connect(mine, PeerWireSession.Role.ACCEPTOR);
    links.add(mine);
    there.links.add(theirs);
    mine.flush();
  }

  @Override
  public InetSocketAddress localAddress() {
    return address;
  }

  /** Bytes this node has put on its uplink and not yet transmitted. */
  public long queuedBytes() {
    long n = 0;
    for (InMemoryNetwork.Frame f : uplink) {
      n += f.size();
    }
    return n;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  void enqueue(SimLink to, ByteBuffer[] bytes, int size) {
    uplink.add(new InMemoryNetwork.Frame(to, bytes, size));
  }

  void discardUplink() {
    uplink.clear();
  }

  void transmit(List<InMemoryNetwork.Frame> into) {
    long capacity = uploadBytesPerRound;
    budget = Math.min(capacity, budget + capacity);
    while (budget > 0 && !uplink.isEmpty()) {
      InMemoryNetwork.Frame f = uplink.poll();
      f.to().other().transmitted(f.size());
      budget -= f.size();
      into.add(f);
    }
  }

  void tickSessions() {
    for (SimLink l : new ArrayList<>(links)) {
      l.tick();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (SimLink l : new ArrayList<>(links)) {
      l.disconnect();
    }
  }
}
