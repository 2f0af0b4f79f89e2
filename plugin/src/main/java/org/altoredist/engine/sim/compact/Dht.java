package org.altoredist.engine.sim.compact;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rendezvous of the compact model, as the full model's {@code InMemoryRendezvous}: the members of
 * the torrent's key, a lookup answering a uniform sample of the others. Members are node ids in an
 * array, with each one's position, so that joining, leaving and sampling take constant time.
 */
final class Dht {

  private final int[] members;
  private final int[] position;
  private int count;
  private final int sample;
  private final SplittableRandom random;

  Dht(int nodes, int sample, long seed) {
    this.members = new int[nodes];
    this.position = new int[nodes];
    Arrays.fill(position, -1);
    this.sample = sample;
    this.random = new SplittableRandom(seed);
  }

  void add(int node) {
    if (position[node] < 0) {
      position[node] = count;
      members[count++] = node;
    }
  }

  void remove(int node) {
    int i = position[node];
    if (i < 0) {
      return;
    }
    int last = members[--count];
    members[i] = last;
    position[last] = i;
    position[node] = -1;
  }

  /** Up to the sample size of distinct members other than {@code self}, uniformly. */
  int[] lookup(int self) {
    int others = count - (position[self] >= 0 ? 1 : 0);
    int k = Math.min(sample, others);
    int[] out = new int[k];
    if (others <= 2 * sample) {
      int[] all = new int[others];
      int n = 0;
      for (int i = 0; i < count; i++) {
        if (members[i] != self) {
          all[n++] = members[i];
        }
      }
      for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(n - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
        out[i] = all[i];
      }
      return out;
    }
    for (int n = 0; n < k; ) {
      int a = members[random.nextInt(count)];
      boolean fresh = a != self;
      for (int i = 0; i < n && fresh; i++) {
        fresh = out[i] != a;
      }
      if (fresh) {
        out[n++] = a;
      }
    }
    return out;
  }
}
