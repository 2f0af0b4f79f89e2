package org.altoredist.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CostType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;

/**
 * What other threads read of the loop's state, published as immutable snapshots after each install
 * and tick: the held versions, the counters, the addresses of ALTO peers, and the ranking by the
 * current maps (rebuilt only when they change). Taken on the loop; read from any thread.
 */
final class Snapshots {

  private final Config config;
  private final EngineLoop loop;
  private final Holdings holdings;
  private final Counters counters;
  private final Connections connections;
  private volatile List<HeldResource> held = List.of();
  private volatile EngineStats stats = EngineStats.ZERO;
  private volatile Ranker ranker;
  private volatile Set<InetAddress> peerAddresses = Set.of();
  private NetworkMap rankedNm;
  private CostMap rankedCm;

  Snapshots(Config config, EngineLoop loop, Holdings holdings, Counters counters, Connections connections) {
    this.config = config;
    this.loop = loop;
    this.holdings = holdings;
    this.counters = counters;
    this.connections = connections;
  }

  List<HeldResource> held() {
    return held;
  }

  EngineStats stats() {
    return stats;
  }

  Ranker ranker() {
    return ranker;
  }

  Set<InetAddress> peerAddresses() {
    return peerAddresses;
  }

  /** Publishes what other threads read: the held versions, the counters, the ranking. */
  void take() {
    List<HeldResource> now = new ArrayList<>();
    for (HeldBundle h : holdings.all()) {
      now.add(h.info());
    }
    held = List.copyOf(now);
    stats = counters.snapshot(connections.peers().size());
    peerAddresses = connections.knownAddresses(loop.nanoTime());
    ranker = buildRanker();
  }

  /**
   * The ranking for the first used service: its default network map (the newest version that a
   * held cost map of a wanted cost type depends on) with that cost map, from this node's address.
   */
  private Ranker buildRanker() {
    Service s = config.services().stream().filter(Service::use).findFirst().orElse(null);
    if (s == null || config.localAddresses().isEmpty()) {
      return null;
    }
    HeldBundle root = holdings.newest(ResourceKey.rootDirectory(s.uri()));
    String nmId = root != null && root.info().resource().document() instanceof InfoResourceDirectory ird
        ? ird.defaultNetworkMap() : null;
    NetworkMap bestNm = null;
    CostMap bestCm = null;
    for (HeldBundle nmHeld : holdings.all()) {
      if (!nmHeld.key().service().equals(s.uri()) || !(nmHeld.info().resource().document() instanceof NetworkMap nm)
          || nmId != null && !nmId.equals(nmHeld.key().resourceId())) {
        continue;
      }
      CostMap cm = costMapFor(s, nm);
      if (cm != null && (bestNm == null || nmHeld.sequence() > sequenceOf(bestNm))) {
        bestNm = nm;
        bestCm = cm;
      }
    }
    if (bestNm == null) {
      return null;
    }
    if (bestNm == rankedNm && bestCm == rankedCm) {
      return ranker;
    }
    NetworkMap nm = bestNm;
    InetAddress self = config.localAddresses().stream().filter(a -> nm.pidOf(a) != null).findFirst()
        .orElse(config.localAddresses().get(0));
    rankedNm = bestNm;
    rankedCm = bestCm;
    return Ranker.of(bestNm, bestCm, self, config.randomFraction());
  }

  private long sequenceOf(NetworkMap nm) {
    for (HeldBundle h : holdings.all()) {
      if (h.info().resource().document() == nm) {
        return h.sequence();
      }
    }
    return -1;
  }

  /** A held cost map over {@code nm}, of the first wanted cost type that has one. */
  private CostMap costMapFor(Service s, NetworkMap nm) {
    CostMap any = null;
    for (HeldBundle h : holdings.all()) {
      if (h.key().service().equals(s.uri()) && h.info().resource().document() instanceof CostMap cm
          && cm.dependentVtag().equals(nm.vtag())) {
        List<CostType> prefs = s.costTypes();
        if (prefs.isEmpty() || prefs.get(0).equals(cm.costType())) {
          return cm;
        }
        if (prefs.contains(cm.costType()) && any == null) {
          any = cm;
        }
      }
    }
    return any;
  }
}
