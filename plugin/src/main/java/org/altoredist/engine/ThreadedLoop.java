package org.altoredist.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EngineLoop#threaded}: a single-thread scheduler plus a small worker pool. */
final class ThreadedLoop implements EngineLoop {

  private static final Logger log = LoggerFactory.getLogger(ThreadedLoop.class);

  private final Clock clock;
  private final ScheduledThreadPoolExecutor loop;
  private final ExecutorService workers;

  ThreadedLoop(String name, Clock clock, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("at least one worker: " + workers);
    }
    this.clock = clock;
    this.loop = new ScheduledThreadPoolExecutor(1, daemon(name));
    loop.setRemoveOnCancelPolicy(true);
    this.workers = Executors.newFixedThreadPool(workers, daemon(name + "-worker"));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void execute(Runnable task) {
    try {
      loop.execute(guarded(task));
    } catch (RejectedExecutionException closed) {
      log.debug("engine loop closed; task dropped");
    }
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    try {
      ScheduledFuture<?> f = loop.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException closed) {
      return () -> { };
    }
  }

  @Override
  public void offload(Runnable work) {
    try {
      workers.execute(guarded(work));
    } catch (RejectedExecutionException closed) {
      log.debug("engine workers closed; work dropped");
    }
  }

  /** A task that throws must not end the loop thread: log it and go on with the next. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("engine task failed", e);
      }
    };
  }

  @Override
  public void close() {
    loop.shutdownNow();
    workers.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
