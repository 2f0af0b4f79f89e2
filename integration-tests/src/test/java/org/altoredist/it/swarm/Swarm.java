package org.altoredist.it.swarm;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The peers of one test swarm and its tracker: what the scenario driver starts, waits on and
 * closes. Closing stops everything, in reverse order of start, even after a failure.
 */
public final class Swarm implements AutoCloseable {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<SwarmPeer> peers = new ArrayList<>();
  private Tracker tracker;

  public Tracker tracker(Tracker t) {
    tracker = t;
    resources.add(t);
    return t;
  }

  public <P extends SwarmPeer> P add(P peer) {
    peers.add(peer);
    resources.add(peer);
    return peer;
  }

  /** Something else the swarm runs (an ALTO server, a capture): closed with the rest. */
  public <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Stops one peer now (a departure, a restart): the swarm no longer waits on it or closes it. */
  public void stop(SwarmPeer peer) {
    peers.remove(peer);
    resources.remove(peer);
    peer.close();
  }

  public List<SwarmPeer> peers() {
    return List.copyOf(peers);
  }

  /**
   * Has every peer that dials ({@link LibtorrentPeer}s) dial every passive-only one: Transmission
   * never dials loopback addresses, so nobody would find it otherwise.
   */
  public void connectPassivePeers() {
    for (SwarmPeer dialler : peers) {
      if (dialler instanceof LibtorrentPeer lt) {
        peers.stream().filter(SwarmPeer::passiveOnly).forEach(p -> lt.connect(p.listenAddress()));
      }
    }
  }

  /**
   * Has every Bt peer dial every other peer: the tracker lists Bt clients under the wrong address
   * on a loopback host ({@link BtAltoPeer#connect}), so they must be the ones that dial.
   */
  public void connectBtPeers() {
    for (SwarmPeer dialler : peers) {
      if (dialler instanceof BtAltoPeer bt) {
        peers.stream().filter(p -> p != dialler).forEach(p -> bt.connect(p.listenAddress()));
      }
    }
  }

  /** Waits until every peer reports the whole content and holds a byte-exact copy of it. */
  public void awaitAllComplete(SwarmContent content, Duration deadline) {
    Await.until("every peer holds the complete content", deadline,
        () -> peers.stream().allMatch(p -> p.progress() >= 1.0 && content.isCompleteIn(p.downloadDir())),
        this::diagnostics);
  }

  public String diagnostics() {
    String status = peers.stream().map(p -> String.format("%-32s %s", p.name(), p.progress()))
        .collect(Collectors.joining("\n"));
    return status + "\n" + peers.stream().map(SwarmPeer::diagnostics).collect(Collectors.joining("\n"))
        + (tracker == null ? "" : "\n" + tracker.diagnostics());
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // keep closing the rest: a stuck client must not leave the others running
      }
    }
  }
}
