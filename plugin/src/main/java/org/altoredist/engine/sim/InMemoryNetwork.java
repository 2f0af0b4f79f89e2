package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.altoredist.wire.ArAltoMessage;

/**
 * The simulation's network: every node's peer-wire connections, in memory, in rounds.
 *
 * <p>A <b>round</b> is one message latency. At the start of round r every frame transmitted in
 * round r-1 is delivered, and the receiving nodes react at once (their answers queue on their own
 * uplinks); half a round later every node transmits from its uplink queue, first in first out, at
 * most {@code uploadBytesPerRound} bytes (a frame that starts within the budget finishes, and the
 * overdraft is paid in the next round; each node has its own uplink, by default the network's). So a
 * message takes one round, a request and its answer two, and one node can feed only so many pieces
 * per round: a single seeder cannot serve everyone at once. Nodes transmit in an order shuffled every
 * round from the seed. A dial to an address where nobody is attached, or to a node behind NAT, is
 * never answered: it fails when the dialler's handshake timeout runs out, as a SYN into the void does.
 *
 * <p>Bytes are real: each connection is a pair of {@link org.altoredist.wire.PeerWireSession}s
 * exchanging the exact frames a socket would carry (handshakes, extension handshakes,
 * {@code ar_alto} messages with their pieces), so every wire rule applies as on a socket. A piece
 * travels as a view of the sender's bytes until the receiving session copies it, as a socket read
 * would.
 */
public final class InMemoryNetwork {

  /** One message any node sent, for observers (the privacy test reads every one). */
  public record Sent(InetSocketAddress from, InetSocketAddress to, ArAltoMessage message) {}

  record Frame(SimLink to, ByteBuffer[] bytes, int size) {}

  /** Sessions tick (keep-alives, idle timeouts) this often; the wire's timeouts are minutes. */
  private static final long SESSION_TICK_NANOS = Duration.ofSeconds(5).toNanos();

  final VirtualLoop loop;
  private final long roundNanos;
  private final long uploadBytesPerRound;
  private final SplittableRandom random;
  private final Map<InetSocketAddress, SimNode> nodes = new LinkedHashMap<>();
  private List<Frame> inFlight = new ArrayList<>();
  private Consumer<Sent> tap = s -> { };
  private BiConsumer<SimNode, ArAltoMessage> received = (n, m) -> { };
  private ObjLongConsumer<SimNode> wire = (n, size) -> { };
  private long round;
  private long lastSessionTick;

  public InMemoryNetwork(VirtualLoop loop, Duration round, long uploadBytesPerRound, long seed) {
    this.loop = loop;
    this.roundNanos = round.toNanos();
    this.uploadBytesPerRound = uploadBytesPerRound;
    this.random = new SplittableRandom(seed);
  }

  /** A reachable node at {@code address} with the network's uplink: the transport an engine (or a scripted peer) uses. */
  public SimNode attach(InetSocketAddress address) {
    return attach(address, uploadBytesPerRound, true);
  }

  /**
   * A node at {@code address} that transmits {@code uploadBytesPerRound}; an unreachable one (behind
   * NAT) dials out, but a dial to it is never answered.
   */
  public SimNode attach(InetSocketAddress address, long uploadBytesPerRound, boolean reachable) {
    SimNode n = new SimNode(this, address, uploadBytesPerRound, reachable);
    if (nodes.putIfAbsent(address, n) != null) {
      throw new IllegalArgumentException("two nodes at " + address);
    }
    return n;
  }

  /**
   * The node goes away: its connections close (the peers see it a round later), what it had not
   * transmitted is lost, and a dial to its address is never answered.
   */
  public void detach(SimNode n) {
    n.close();
    n.discardUplink();
    nodes.remove(n.address, n);
  }

  SimNode node(InetSocketAddress address) {
    return nodes.get(address);
  }

  /** Every message sent from now on goes to {@code observer} as well. */
  public void tap(Consumer<Sent> observer) {
    this.tap = observer;
  }

  /** Every message a node's engine (or scripted peer) receives from now on goes to {@code observer} as well. */
  public void tapReceived(BiConsumer<SimNode, ArAltoMessage> observer) {
    this.received = observer;
  }

  /** The size of every frame a node receives from now on goes to {@code observer}. */
  public void tapWire(ObjLongConsumer<SimNode> observer) {
    this.wire = observer;
  }

  void wire(SimNode at, long size) {
    wire.accept(at, size);
  }

  void sent(Sent s) {
    tap.accept(s);
  }

  void received(SimNode at, ArAltoMessage m) {
    received.accept(at, m);
  }

  /** Starts the rounds; the first begins now. */
  public void start() {
    loop.execute(this::deliver);
  }

  public long round() {
    return round;
  }

  public long roundNanos() {
    return roundNanos;
  }

  private void deliver() {
    round++;
    List<Frame> frames = inFlight;
    inFlight = new ArrayList<>();
    for (Frame f : frames) {
      f.to().receive(f.bytes(), f.size());
      loop.runDue();
    }
    if (loop.nanoTime() - lastSessionTick >= SESSION_TICK_NANOS) {
      lastSessionTick = loop.nanoTime();
      for (SimNode n : new ArrayList<>(nodes.values())) {
        n.tickSessions();
      }
    }
    loop.schedule(Duration.ofNanos(roundNanos / 2), this::transmit);
  }

  private void transmit() {
    List<SimNode> order = new ArrayList<>(nodes.values());
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      SimNode t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    for (SimNode n : order) {
      n.transmit(inFlight);
    }
    loop.schedule(Duration.ofNanos(roundNanos - roundNanos / 2), this::deliver);
  }
}
