package org.altoredist.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded concurrency for the JDK HTTP server (RFC 7285 §8.5.3: an overloaded server answers 503).
 * The JDK server hands each request to an executor before reading it; this executor runs at most
 * {@code workers} at once and lets {@code queue} more wait. Anything beyond that still has to be
 * answered, but cheaply: it runs on a small separate pool with {@link #shedding()} set, and the
 * handler answers 503 with Retry-After without touching any resource. When even that pool is
 * full, the server's dispatcher thread writes the 503 itself.
 */
final class Admission implements Executor {

  /** Threads that only write 503s; each answer is a few hundred bytes. */
  private static final int SHED_THREADS = 1;
  /** 503s waiting for a shedding thread before the dispatcher writes them itself. */
  private static final int SHED_QUEUE = 256;

  private static final ThreadLocal<Boolean> SHEDDING = ThreadLocal.withInitial(() -> false);
  /** On a worker: gives the admitted request's slot back, once. */
  private static final ThreadLocal<Runnable> RELEASE = new ThreadLocal<>();

  private final int limit;
  private final AtomicInteger admitted = new AtomicInteger();
  private final ExecutorService workers;
  private final ExecutorService shed;

  Admission(int workers, int queue, String name) {
    if (workers < 1 || queue < 0) {
      throw new IllegalArgumentException("need at least one worker and a non-negative queue");
    }
    this.limit = workers + queue;
    this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        threads(name + "-worker"));
    this.shed = new ThreadPoolExecutor(SHED_THREADS, SHED_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(SHED_QUEUE), threads(name + "-shed"), new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** True on the thread of a request that was not admitted: answer it 503. */
  static boolean shedding() {
    return SHEDDING.get();
  }

  /**
   * Gives the current request's slot back before its last bytes are flushed. A client reading them
   * may send its next request on the same connection at once, and it must not be shed because the
   * worker that answered it has not yet returned to the pool. Called by the handler; idempotent.
   */
  static void answered() {
    Runnable r = RELEASE.get();
    if (r != null) {
      RELEASE.remove();
      r.run();
    }
  }

  /** Requests admitted and not yet finished (running or queued). */
  int inFlight() {
    return admitted.get();
  }

  @Override
  public void execute(Runnable exchange) {
    if (admitted.incrementAndGet() > limit) {
      admitted.decrementAndGet();
      shed.execute(() -> {
        SHEDDING.set(true);
        try {
          exchange.run();
        } finally {
          SHEDDING.set(false);
        }
      });
      return;
    }
    workers.execute(() -> {
      RELEASE.set(admitted::decrementAndGet);
      try {
        exchange.run();
      } finally {
        answered();
      }
    });
  }

  void shutdown() {
    workers.shutdownNow();
    shed.shutdownNow();
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
