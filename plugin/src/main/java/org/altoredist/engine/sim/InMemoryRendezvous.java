package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.EngineLoop;
import org.altoredist.engine.RendezvousKey;

/**
 * The simulation's DHT: a table from rendezvous key to the endpoints announced under it. A lookup
 * answers a random sample of the other members, as a DHT's get_peers answers a bounded number of
 * peers; the sample is drawn from the seeded generator.
 *
 * <p>With a loop it behaves as the plugin's DHT discovery does over time: a member looks up again
 * every {@code lookupEvery} (the binding's {@code DhtDiscovery} does so every 60 s), and a member
 * that leaves stays in the table for {@code staleFor}, since DHT nodes forget an announce only when
 * it expires, so lookups keep answering it and dials to it go unanswered.
 */
public final class InMemoryRendezvous implements Discovery {

  private final Map<RendezvousKey, Members> members = new HashMap<>();
  private final int sample;
  private final SplittableRandom random;
  private final EngineLoop loop;
  private final Duration lookupEvery;
  private final Duration staleFor;

  /** One lookup per join; a member that leaves is gone at once. */
  public InMemoryRendezvous(int sample, long seed) {
    this(sample, seed, null, null, Duration.ZERO);
  }

  /**
   * @param sample how many endpoints a lookup answers at most
   * @param loop schedules the repeated lookups and the expiry of stale entries
   */
  public InMemoryRendezvous(int sample, long seed, EngineLoop loop, Duration lookupEvery, Duration staleFor) {
    this.sample = sample;
    this.random = new SplittableRandom(seed);
    this.loop = loop;
    this.lookupEvery = lookupEvery;
    this.staleFor = staleFor;
  }

  /** Announces an endpoint without looking anything up (a node that announced earlier). */
  public void announce(RendezvousKey key, InetSocketAddress endpoint) {
    members.computeIfAbsent(key, k -> new Members()).add(endpoint);
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    Members m = members.computeIfAbsent(key, k -> new Members());
    List<InetSocketAddress> first = m.sample(self, sample, random);
    m.add(self);
    found.accept(first);
    EngineLoop.Timer[] next = {null};
    if (loop != null && lookupEvery != null) {
      Runnable[] lookup = {null};
      lookup[0] = () -> {
        found.accept(m.sample(self, sample, random));
        next[0] = loop.schedule(lookupEvery, lookup[0]);
      };
      next[0] = loop.schedule(lookupEvery, lookup[0]);
    }
    return () -> {
      if (next[0] != null) {
        next[0].cancel();
      }
      if (loop == null || staleFor.isZero()) {
        m.remove(self);
      } else {
        m.expireLater(self, loop.schedule(staleFor, () -> m.remove(self)));
      }
    };
  }

  /** The endpoints under one key: an array for uniform sampling, an index for removal in constant time. */
  private static final class Members {
    private final List<InetSocketAddress> list = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> index = new HashMap<>();
    private final Map<InetSocketAddress, EngineLoop.Timer> expiring = new HashMap<>();

    void add(InetSocketAddress a) {
      EngineLoop.Timer t = expiring.remove(a);
      if (t != null) {
        t.cancel();
      }
      if (index.putIfAbsent(a, list.size()) == null) {
        list.add(a);
      }
    }

    void expireLater(InetSocketAddress a, EngineLoop.Timer t) {
      expiring.put(a, t);
    }

    void remove(InetSocketAddress a) {
      expiring.remove(a);
      Integer i = index.remove(a);
      if (i == null) {
        return;
      }
      InetSocketAddress last = list.remove(list.size() - 1);
      if (i < list.size()) {
        list.set(i, last);
        index.put(last, i);
      }
    }

    /** Up to {@code k} distinct members other than {@code self}, uniformly. */
    List<InetSocketAddress> sample(InetSocketAddress self, int k, SplittableRandom random) {
      int others = list.size() - (index.containsKey(self) ? 1 : 0);
      List<InetSocketAddress> out = new ArrayList<>(Math.min(k, others));
      if (others <= 2 * k) {
        // Few members: a partial Fisher-Yates shuffle of all of them.
        List<InetSocketAddress> all = new ArrayList<>(list);
        all.remove(self);
        for (int i = 0; i < Math.min(k, all.size()); i++) {
          int j = i + random.nextInt(all.size() - i);
          InetSocketAddress t = all.get(i);
          all.set(i, all.get(j));
          all.set(j, t);
          out.add(all.get(i));
        }
        return out;
      }
      // Many: draw indexes, skipping ourselves and repeats (rare when k is small against the members).
      while (out.size() < k) {
        InetSocketAddress a = list.get(random.nextInt(list.size()));
        if (!a.equals(self) && !out.contains(a)) {
          out.add(a);
        }
      }
      return out;
    }
  }
}
