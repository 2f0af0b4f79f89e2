package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.altoredist.alto.PidIndex;
import org.altoredist.engine.Ranker;

/** Which peers of costlier PIDs a starving download is let through to ({@link Starvation} says how many). */
final class ReliefChoice {

  private ReliefChoice() {}

  /**
   * The {@code count} peers let through: those already let through ({@code relieved}) stay,
   * because replacing one would cut a connection that may be feeding the download, and the rest
   * are the cheapest of the torrent's known peers ({@code known}) that the cost blocks cover, by
   * the ranker's cost from this node; among equally cheap ones, peers that block nobody come
   * first (vanilla peers and gateways accept anyone; an ALTO peer may block this node's PID
   * itself), then a pair score that spreads different nodes' choices.
   */
  static Set<InetAddress> choose(Ranker ranker, InetAddress self, Collection<InetSocketAddress> known,
      Predicate<InetAddress> costlier, Set<InetAddress> altoPeers, Set<InetAddress> relieved, int count) {
    if (count == 0) {
      return Set.of();
    }
    List<InetAddress> blocked = new ArrayList<>();
    for (InetSocketAddress c : known) {
      InetAddress a = c.getAddress();
      if (!a.equals(self) && !blocked.contains(a) && costlier.test(a)) {
        blocked.add(a);
      }
    }
    PidIndex index = ranker.index();
    boolean lower = ranker.costType().lowerIsBetter();
    // Each peer's kind once, not at every comparison: each answer walks the ALTO peers' hashes.
    Set<InetAddress> blockers = new HashSet<>();
    blocked.forEach(a -> {
      if (PidGateway.blocksOthers(a, ranker::pidOf, altoPeers)) {
        blockers.add(a);
      }
    });
    blocked.sort((x, y) -> {
      int byTenure = Boolean.compare(!relieved.contains(x), !relieved.contains(y));
      if (byTenure != 0) {
        return byTenure;
      }
      double cx = ranker.costTo(index.indexOf(x));
      double cy = ranker.costTo(index.indexOf(y));
      int byCost = Double.isNaN(cx) || Double.isNaN(cy) ? Boolean.compare(Double.isNaN(cx), Double.isNaN(cy))
          : lower ? Double.compare(cx, cy) : Double.compare(cy, cx);
      if (byCost != 0) {
        return byCost;
      }
      int byKind = Boolean.compare(blockers.contains(x), blockers.contains(y));
      return byKind != 0 ? byKind : Double.compare(CostFilter.pairScore(self, x), CostFilter.pairScore(self, y));
    });
    return new LinkedHashSet<>(blocked.subList(0, Math.min(count, blocked.size())));
  }
}
