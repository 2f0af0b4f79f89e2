package org.altoredist.engine.sim;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What a run keeps on the heap. Two readings: the heap in use right after each garbage collection,
 * the most of it over the run (cheap, but a young collection leaves the old generation's garbage in
 * place, so it overstates what the run holds, the more so the larger -Xmx); and the live heap, read
 * after a full collection at a few chosen moments ({@link #sampleLive}), the most of those.
 */
public final class HeapWatch implements AutoCloseable {

  private final AtomicLong peak = new AtomicLong();
  private long livePeak;
  /** The collectors report every memory pool; only these are heap (not metaspace, not code). */
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = (n, handback) -> {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        used += heapPools.contains(u.getKey()) ? u.getValue().getUsed() : 0;
      }
      peak.accumulateAndGet(used, Math::max);
    }
  };

  public HeapWatch() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  /** The heap in use now, after a full collection; counts toward the live peak. */
  public long sampleLive() {
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    livePeak = Math.max(livePeak, used);
    return used;
  }

  /** The most heap in use after any collection. */
  public long peakAfterCollections() {
    return peak.get();
  }

  /** The most live heap of the samples. */
  public long livePeak() {
    return livePeak;
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException x) {
        // Never added to this one: nothing to remove.
      }
    }
  }
}
