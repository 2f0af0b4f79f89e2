package org.altoredist.it.swarm;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;
import org.altoredist.wire.WireException;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted {@code ar_alto} endpoint on real sockets that plays one hostile {@link Behaviour}
 * (the engine simulation's {@code sim.HostilePeer} and libtorrent's fake_peer are the models). It
 * speaks the peer wire by hand, so nothing in the plugin's own session can soften its lies: a BEP 3
 * handshake echoing the dialler's info-hash, have_none, an extension handshake that enables
 * {@code ar_alto}, then whatever its behaviour says. It only accepts connections; ALTO peers find it
 * through their bootstrap list or through each other's {@code endpoints} messages.
 *
 * <p>It records, per honest peer, whether it cheated that peer (served it a lie, left its request
 * unanswered, or flooded it) and whether that peer then closed the connection, so a test can see
 * that every cheated peer dropped it.
 */
public final class HostilePeer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostilePeer.class);

  /** The id under which this peer receives {@code ar_alto} messages. */
  private static final int OUR_ID = 1;

  /** What it does once the extension is enabled. */
  public enum Behaviour {
    /** Offers bundles (a forgery, a replayed or another service's version) and serves them faithfully. */
    SERVES_LIES,
    /** Offers bundles, takes requests for them, and never answers one. */
    NEVER_DELIVERS,
    /** Sends inventories back to back, twice the burst the receiver tolerates. */
    INVENTORY_FLOOD,
    /** Sends one {@code ar_alto} message longer than the 17 KiB every message must fit in. */
    OVERSIZED_MESSAGE
  }

  /** One bundle offered: the claim as it goes into the inventory, and the bytes served for it (null: none). */
  public record Offer(BundleClaim claim, byte[] bytes) {
    public static Offer of(String service, String resourceId, long sequence, byte[] bytes) {
      return new Offer(new BundleClaim(service, resourceId, sequence, bytes.length, BundleHash.compute(bytes)), bytes);
    }
  }

  private final String name;
  private final Behaviour behaviour;
  private final List<Offer> offers;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<InetAddress> cheated = ConcurrentHashMap.newKeySet();
  private final Set<InetAddress> droppedBy = ConcurrentHashMap.newKeySet();
  /** Connections accepted from each address after that address had dropped this peer. */
  private final Map<InetAddress, Integer> returnedAfterDrop = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private HostilePeer(String name, Behaviour behaviour, List<Offer> offers, ServerSocket server) {
    this.name = name;
    this.behaviour = behaviour;
    this.offers = List.copyOf(offers);
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, name + "-accept");
    acceptor.setDaemon(true);
  }

  /** Listens on {@code host} (a port of its own) and starts playing {@code behaviour} with {@code offers}. */
  public static HostilePeer start(String kind, InetAddress host, Behaviour behaviour, List<Offer> offers)
      throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(host, 0));
    HostilePeer p = new HostilePeer(kind + "@" + host.getHostAddress(), behaviour, offers, s);
    p.acceptor.start();
    return p;
  }

  public InetSocketAddress endpoint() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public String name() {
    return name;
  }

  /** The honest peers it cheated. */
  public Set<InetAddress> cheated() {
    return Set.copyOf(cheated);
  }

  /** Whether every peer it cheated has closed the connection, and none of them came back. */
  public boolean droppedByEveryoneItCheated() {
    return droppedBy.containsAll(cheated) && returnedAfterDrop.isEmpty();
  }

  public String diagnostics() {
    return name + " " + behaviour + ": cheated " + cheated + ", dropped by " + droppedBy + ", came back after a drop "
        + returnedAfterDrop;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        InetAddress from = s.getInetAddress();
        if (droppedBy.contains(from)) {
          returnedAfterDrop.merge(from, 1, Integer::sum);
        }
        open.add(s);
        Thread t = new Thread(() -> serve(s), name + "-" + s.getRemoteSocketAddress());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("{}: accept failed: {}", name, e.toString());
        }
      }
    }
  }

  private void serve(Socket s) {
    InetAddress from = s.getInetAddress();
    boolean cheatedHere = false;
    try (s) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      OutputStream out = s.getOutputStream();
      PeerWireHandshake theirs = PeerWireFrames.readHandshake(in);
      out.write(PeerWireHandshake.ours(theirs.infoHash(), peerId()).encode());
      if (theirs.fastExtension()) {
        out.write(new byte[] {0, 0, 0, 1, PeerWireFrames.HAVE_NONE});
      }
      out.write(PeerWireFrames.extended(0,
          new ExtensionHandshake(OUR_ID, WireLimits.DEFAULT_REQUEST_QUEUE, null, "hostile " + behaviour).encode()));
      out.flush();
      int theirId = awaitExtensionId(in);
      cheatedHere = opening(out, theirId, from);
      for (PeerWireFrames.Frame f; (f = PeerWireFrames.readFrame(in)) != null; ) {
        if (f.extendedId() == OUR_ID
            && ExtensionMessageCodec.decode(f.payload()) instanceof ArAltoMessage.Request r) {
          cheatedHere |= answer(out, theirId, r, from);
        }
      }
    } catch (IOException | WireException e) {
      log.debug("{}: connection from {} ended: {}", name, from, e.toString());
    } finally {
      open.remove(s);
      if (cheatedHere && !closed) {
        droppedBy.add(from);
      }
    }
  }

  /** Reads until the dialler's extension handshake names its {@code ar_alto} id. */
  private static int awaitExtensionId(DataInputStream in) throws IOException, WireException {
    for (PeerWireFrames.Frame f; (f = PeerWireFrames.readFrame(in)) != null; ) {
      if (f.extendedId() == 0) {
        Integer id = ExtensionHandshake.decode(f.payload(), 0, f.payload().length).arAltoId();
        if (id != null && id > 0) {
          return id;
        }
      }
    }
    throw new IOException("closed before enabling ar_alto");
  }

  /** What it sends first; returns whether that already cheats the peer. */
  private boolean opening(OutputStream out, int theirId, InetAddress from) throws IOException {
    switch (behaviour) {
      case INVENTORY_FLOOD -> {
        for (int i = 0; i < 2 * WireLimits.INVENTORY_BURST; i++) {
          byte[] h = new byte[BundleHash.LENGTH];
          h[0] = (byte) i;
          out.write(PeerWireFrames.extended(theirId,
              ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(List.of(), List.of(BundleHash.of(h))))));
        }
        out.flush();
        cheated.add(from);
        return true;
      }
      case OVERSIZED_MESSAGE -> {
        // One byte more than any ar_alto message may hold: refused on its length prefix, unread.
        byte[] payload = new byte[WireLimits.MAX_MESSAGE_SIZE + 1];
        out.write(PeerWireFrames.extended(theirId, payload));
        out.flush();
        cheated.add(from);
        return true;
      }
      default -> {
        List<BundleClaim> claims = new ArrayList<>();
        offers.forEach(o -> claims.add(o.claim()));
        out.write(PeerWireFrames.extended(theirId, ExtensionMessageCodec.encode(new ArAltoMessage.Inventory(claims,
            List.of()))));
        out.flush();
        return false;
      }
    }
  }

  /** Answers (or, never delivering, ignores) a request; returns whether that cheats the peer. */
  private boolean answer(OutputStream out, int theirId, ArAltoMessage.Request r, InetAddress from)
      throws IOException {
    Offer o = offers.stream().filter(x -> x.claim().hash().equals(r.hash())).findFirst().orElse(null);
    ArAltoMessage reply;
    if (o == null) {
      reply = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.NOT_HELD);
    } else if (behaviour == Behaviour.NEVER_DELIVERS) {
      cheated.add(from);
      return true;
    } else if (r.piece() >= Pieces.count(o.bytes().length)) {
      reply = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.PIECE_OUT_OF_RANGE);
    } else {
      reply = new ArAltoMessage.Data(r.hash(), r.piece(), o.bytes().length, Pieces.slice(o.bytes(), r.piece()));
    }
    out.write(PeerWireFrames.extended(theirId, ExtensionMessageCodec.encode(reply)));
    out.flush();
    if (o != null) {
      cheated.add(from);
      return true;
    }
    return false;
  }

  private static byte[] peerId() {
    byte[] id = new byte[PeerWireHandshake.PEER_ID_LENGTH];
    new java.util.Random().nextBytes(id);
    byte[] prefix = "-HO0001-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, id, 0, prefix.length);
    return id;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      log.debug("{}: closing the listener: {}", name, e.toString());
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        log.debug("{}: closing {}: {}", name, s, e.toString());
      }
    }
  }
}
