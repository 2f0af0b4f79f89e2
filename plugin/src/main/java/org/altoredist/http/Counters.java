package org.altoredist.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counts per resource and per refusal, updated by every request without locking. */
final class Counters {

  /** The counts of one resource. */
  static final class PerResource {
    final LongAdder requests = new LongAdder();
    final LongAdder notModified = new LongAdder();
    final LongAdder signatureRequests = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder deltaRequests = new LongAdder();

    ServerStats.ResourceStats snapshot() {
      return new ServerStats.ResourceStats(requests.sum(), notModified.sum(), signatureRequests.sum(), bytes.sum(), deltaRequests.sum());
    }
  }

  private final Map<String, PerResource> resources = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();

  PerResource of(String key) {
    return resources.computeIfAbsent(key, k -> new PerResource());
  }

  void error(int status) {
    errors.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  Map<String, ServerStats.ResourceStats> resources() {
    Map<String, ServerStats.ResourceStats> out = new TreeMap<>();
    resources.forEach((k, v) -> out.put(k, v.snapshot()));
    return out;
  }

  Map<Integer, Long> errors() {
    Map<Integer, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
