package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;

/**
 * The simulation's DHT: a table from rendezvous key to the endpoints announced under it. A lookup
 * answers a random sample of the other members, as a DHT's get_peers answers a bounded number of
 * peers; the sample is drawn from the seeded generator.
 */
public final class InMemoryRendezvous implements Discovery {

  private final Map<RendezvousKey, LinkedHashSet<InetSocketAddress>> members = new HashMap<>();
  private final int sample;
  private final SplittableRandom random;

  /** @param sample how many endpoints a lookup answers at most */
  public InMemoryRendezvous(int sample, long seed) {
    this.sample = sample;
    this.random = new SplittableRandom(seed);
  }

  /** Announces an endpoint without looking anything up (a node that announced earlier). */
  public void announce(RendezvousKey key, InetSocketAddress endpoint) {
    members.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(endpoint);
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    LinkedHashSet<InetSocketAddress> set = members.computeIfAbsent(key, k -> new LinkedHashSet<>());
    List<InetSocketAddress> others = new ArrayList<>(set);
    others.remove(self);
    set.add(self);
    // A partial Fisher-Yates shuffle: the first `sample` entries are a uniform sample.
    int n = Math.min(sample, others.size());
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(others.size() - i);
      InetSocketAddress t = others.get(i);
      others.set(i, others.get(j));
      others.set(j, t);
    }
    found.accept(List.copyOf(others.subList(0, n)));
    return () -> set.remove(self);
  }

}
