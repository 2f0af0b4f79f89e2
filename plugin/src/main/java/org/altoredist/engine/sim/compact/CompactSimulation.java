package org.altoredist.engine.sim.compact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.altoredist.engine.sim.Census;
import org.altoredist.engine.sim.Driver;
import org.altoredist.engine.sim.HeapWatch;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.Results;
import org.altoredist.engine.sim.Scenario;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.engine.sim.Simulation;
import org.altoredist.engine.sim.SimulationConfig;
import org.altoredist.engine.sim.SimulationResult;
import org.altoredist.engine.sim.Swarm;
import org.altoredist.engine.sim.VirtualLoop;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.WireLimits;

/**
 * The compact model of a swarm: the engine's decisions (whom to dial and keep, what to claim, which
 * offer to fetch from whom, when to give up, step down or ask the server) taken for every node over
 * a few hundred bytes of state each, on the full model's network of rounds and uplinks, with message
 * sizes from the wire codec. What it leaves out is what costs the full model its memory and time and
 * decides nothing: the bundles' bytes and their hashing and signature checks (every node is honest
 * here), the sessions' byte-level framing. It runs the same {@link Scenario} through the same
 * {@link Driver} into the same {@link Census}, so its figures read like the full model's, and
 * {@code CompactMatchesFullTest} holds the two to the same rounds and server requests.
 *
 * <p>Not modelled: hostile peers (the full model plays them), keep-alives and idle timeouts (a
 * handful of bytes a minute), older network maps kept for a cost map that still needs them.
 */
public final class CompactSimulation implements Swarm {

  static final String SERVICE = "https://alto.isp.example/directory";

  final SimulationConfig config;
  final Scenario scenario;
  final Census census;
  final long roundNanos;
  /** The round whose start is now. */
  int round;
  final Node[] nodes;
  final Bundles bundles = new Bundles(6881);
  final SimulatedAltoServer server;
  final Dht dht;
  final Wheel wheel = new Wheel();
  final Net net;
  final Peers peers = new Peers(this);
  final Transfers transfers = new Transfers(this);
  final Fallbacks fallbacks;
  final int tickRounds;
  final int timeoutRounds;
  final int intervalRounds;
  private final int handshakeRounds;
  private final int lookupRounds;
  private final int staleRounds;
  private final List<Runnable> now = new ArrayList<>();
  /** Inventory batches, sent after the batch delay: after this round's start, before its transmissions. */
  private final List<Runnable> batched = new ArrayList<>();
  private final Consumer<String> progress;
  int published;
  long claimOrder;
  long duplicatePieces;
  long latePieces;
  long peersDropped;
  long requestTimeouts;
  long events;
  private double links;

  /** @param progress receives one line per round: who is online, how far the newest version is */
  public CompactSimulation(SimulationConfig config, Consumer<String> progress) {
    if (!config.faults().isEmpty()) {
      throw new IllegalArgumentException("hostile nodes are played by the full model only");
    }
    if (config.mapChurn() > 0) {
      // Holders of a map that changed a little move by delta bundle: the engine's way, not modelled here.
      throw new IllegalArgumentException("delta bundles (a map churn above 0) are run by the full model only");
    }
    this.config = config;
    this.progress = progress;
    this.scenario = Scenario.of(config);
    this.census = new Census(config.nodes());
    this.roundNanos = config.round().toNanos();
    this.nodes = new Node[config.nodes()];
    this.server = new SimulatedAltoServer(SERVICE, VirtualLoop.clock(Instant.parse("2026-03-01T00:00:00Z"), this::nanos), config.seed());
    this.dht = new Dht(config.nodes(), 2 * config.degree(), config.seed() + 1);
    this.net = new Net(this, config.seed());
    this.fallbacks = new Fallbacks(this);
    this.tickRounds = rounds(Simulation.TICK);
    this.timeoutRounds = rounds(Rules.REQUEST_TIMEOUT);
    this.intervalRounds = rounds(WireLimits.ANNOUNCE_INTERVAL);
    this.handshakeRounds = rounds(WireLimits.HANDSHAKE_TIMEOUT);
    this.lookupRounds = rounds(Simulation.LOOKUP_EVERY);
    this.staleRounds = rounds(Simulation.STALE_FOR);
    if (WireLimits.INVENTORY_BATCH_DELAY.toNanos() >= roundNanos / 2) {
      throw new IllegalArgumentException("rounds of " + config.round() + " are too short for the engine's inventory"
          + " batch delay of " + WireLimits.INVENTORY_BATCH_DELAY + ": the compact model sends a batch before the"
          + " round's transmissions");
    }
  }

  /** Whole rounds until {@code d} has passed (a wait that ends within a round ends at the next round's start). */
  private int rounds(Duration d) {
    return (int) Math.max(1, (d.toNanos() + roundNanos - 1) / roundNanos);
  }

  public SimulationResult run() {
    long wallStart = System.nanoTime();
    try (HeapWatch heap = new HeapWatch()) {
      Driver.run(config, scenario, this, census, heap, progress);
      long wall = System.nanoTime() - wallStart;
      heap.sampleLive();
      SimulationResult.Costs costs = new SimulationResult.Costs(wall, heap.livePeak(), heap.peakAfterCollections(),
          census.peakOnline(), events,
          Runtime.getRuntime().availableProcessors());
      return Results.of("compact", config, census, links, server.requests(), duplicatePieces, latePieces,
          peersDropped, requestTimeouts, List.of(), null, costs);
    }
  }

  long nanos() {
    return round * roundNanos;
  }

  // ---- the driver's calls ----

  @Override
  public void announce(int node) {
    dht.add(node);
  }

  @Override
  public void join(int i) {
    Node n = new Node(i, !scenario.unreachable(i), scenario.upload(i), config.seed());
    n.online = true;
    n.joinRound = round;
    nodes[i] = n;
    now.add(() -> {
      tick(n);
      int[] found = dht.lookup(i);
      dht.add(i);
      peers.learned(n, found);
      wheel.at(round + lookupRounds, () -> lookUp(n));
    });
  }

  private void lookUp(Node n) {
    if (n.online) {
      peers.learned(n, dht.lookup(n.id));
      wake(n);
      wheel.at(round + lookupRounds, () -> lookUp(n));
    }
  }

  @Override
  public void leave(int i) {
    Node n = nodes[i];
    n.online = false;
    for (Link l : n.links) {
      l.closed = true;
      Link other = l.other;
      wheel.at(round + 1, () -> net.close(other));
    }
    n.links.clear();
    n.peers.clear();
    n.uplink = null;
    n.fetches = null;
    n.waiting = null;
    nodes[i] = null;
    wheel.at(round + staleRounds, () -> dht.remove(i));
  }

  @Override
  public Sizes publish(int v) {
    if (v == 1) {
      links = averageLinks();
    }
    server.publish(MapMaker.make(config.pids(), config.mapBytes(), config.seed(), v), v, Duration.ofDays(7),
        RedistributionScope.SERVICE);
    bundles.publish(v, server, SERVICE);
    published = v;
    now.add(() -> fallbacks.refresh(nodes[0]));
    return new Sizes(bundles.versionBytes(v), bundles.of(v, 1).size);
  }

  @Override
  public void runRound() {
    for (int i = 0; i < now.size(); i++) {
      now.get(i).run();
    }
    now.clear();
    for (int i = 0; i < batched.size(); i++) {
      batched.get(i).run();
    }
    batched.clear();
    net.transmit();
    round++;
    wheel.run(round);
    net.deliver();
  }

  // ---- what the nodes do between messages ----

  /**
   * Runs {@code flush} when the engine's inventory batch delay is over: 10 ms, well within the half
   * round between a round's start (when everything in the model happens) and its transmissions.
   */
  void afterBatchDelay(Runnable flush) {
    batched.add(flush);
  }

  /** A node dials another: a dial to nobody, or to a node behind NAT, fails at the handshake timeout. */
  void dial(Node n, int a) {
    Node there = nodes[a];
    if (there == null || !there.reachable) {
      wheel.at(round + handshakeRounds, () -> {
        if (n.online) {
          peers.dialFailed(n, a);
          wake(n);
        }
      });
      return;
    }
    net.dial(n, there);
  }

  /** Makes sure the node's next tick comes, in its phase (its ticks fall every second from its join). */
  void wake(Node n) {
    tickNoEarlierThan(n, 0);
  }

  /**
   * Schedules the node's tick for the first of its tick rounds that is after now and not before
   * {@code dueNanos}, unless one is scheduled sooner. A tick scheduled later and overtaken stays in
   * the wheel and does nothing.
   */
  private void tickNoEarlierThan(Node n, long dueNanos) {
    if (!n.online) {
      return;
    }
    long from = Math.max(round + 1, (dueNanos + roundNanos - 1) / roundNanos);
    long r = n.joinRound + tickRounds * ((from - n.joinRound + tickRounds - 1) / tickRounds);
    if (r > Integer.MAX_VALUE / 2 || n.nextTick >= 0 && n.nextTick <= r) {
      return;
    }
    int at = (int) r;
    n.nextTick = at;
    wheel.at(at, () -> {
      if (n.nextTick == at) {
        tick(n);
      }
    });
  }

  /** The engine's tick: timeouts, held-back announcements, endpoints, dialling, the server fallback. */
  private void tick(Node n) {
    n.nextTick = -1;
    if (!n.online) {
      return;
    }
    events++;
    transfers.tick(n);
    boolean tell = n.endpointsChanged;
    n.endpointsChanged = false;
    for (int i = 0; i < n.peers.size(); i++) {
      Link p = n.peers.get(i);
      if (!n.inventoryBatchPending) {
        transfers.flushInventory(p);
      }
      if (tell || p.endpointsRetryAt != 0 && nanos() >= p.endpointsRetryAt) {
        p.endpointsRetryAt = 0;
        peers.sendEndpoints(p);
      }
    }
    peers.dialMore(n);
    fallbacks.askServer(n);
    long due = nextDue(n);
    if (due != Long.MAX_VALUE) {
      tickNoEarlierThan(n, due);
    }
  }

  /**
   * When a tick next has something to do: at the next one while downloads, requests, a refresh, news
   * for the peers or dialling are under way; else when the first held-back announcement, endpoints
   * message or server fetch falls due; never when nothing waits. The engine ticks every second
   * regardless; the ticks skipped here would do nothing, and an event that gives a tick work again
   * wakes the node ({@link #wake}).
   */
  private long nextDue(Node n) {
    long now = nanos();
    if (n.fetches != null || n.refreshed >= 0 || n.endpointsChanged
        || n.peers.size() + n.dialing() < config.degree() && n.candidateCount() > 0) {
      return now;
    }
    if (n.outstanding > 0) {
      return now;
    }
    long due = n.waiting == null ? Long.MAX_VALUE : fallbacks.nextDue(n);
    for (Link p : n.peers) {
      if (p.pendingInventory()) {
        due = Math.min(due, Math.max(now, p.inventoryRetryAt));
      }
      if (p.endpointsRetryAt != 0) {
        due = Math.min(due, p.endpointsRetryAt);
      }
    }
    return due;
  }

  private double averageLinks() {
    long sum = 0;
    int n = 0;
    for (Node node : nodes) {
      if (node != null) {
        sum += node.links.size();
        n++;
      }
    }
    return n == 0 ? 0 : (double) sum / n;
  }
}
