package org.altoredist.engine;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.altoredist.trust.VerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asking the ALTO server ({@link ServerFallback}) for what the peers did not deliver in time, when
 * the {@link FallbackSchedule} says so, or for everything wanted on a seeder's refresh; what comes
 * back is verified and installed like any other copy from the origin. Without a server it does
 * nothing. Loop-confined.
 */
final class ServerFetches {

  private static final Logger log = LoggerFactory.getLogger(ServerFetches.class);

  private final Config config;
  private final EngineLoop loop;
  private final ServerFallback server;
  private final FallbackSchedule schedule;
  private final Holdings holdings;
  private final Downloads downloads;
  private final Installer installer;
  private final Counters counters;
  private final BooleanSupplier closed;
  /** The keys a refresh under way has asked the server for; null when none is. */
  private Set<ResourceKey> refreshed;

  /** @param server the ALTO server, or null when there is none to ask */
  ServerFetches(Config config, EngineLoop loop, ServerFallback server, FallbackSchedule schedule, Holdings holdings,
      Downloads downloads, Installer installer, Counters counters, BooleanSupplier closed) {
    this.config = config;
    this.loop = loop;
    this.server = server;
    this.schedule = schedule;
    this.holdings = holdings;
    this.downloads = downloads;
    this.installer = installer;
    this.counters = counters;
    this.closed = closed;
  }

  /** Fetches from the server what is due: missing too long, or asked for by a refresh. */
  void tick(long now) {
    if (server == null) {
      return;
    }
    schedule.missing(missing(), now);
    forceRefresh(now);
    for (ResourceKey k : schedule.due(now)) {
      if (downloads.progressing(k, now)) {
        schedule.postpone(k, now, config.requestTimeout().toNanos());
      } else {
        fetch(k);
      }
    }
  }

  /** A version was installed: a refresh under way asks at once for what it makes wanted (a new IRD's maps). */
  void installed() {
    if (refreshed != null) {
      tick(loop.nanoTime());
    }
  }

  /**
   * Asks the server now for everything the used services want, held or not (a seeder's refresh),
   * including what its answers make wanted (the maps a new IRD names). Each key is asked for once
   * per refresh; a failure backs off as usual.
   */
  void refresh() {
    refreshed = new LinkedHashSet<>();
    tick(loop.nanoTime());
  }

  /** The wanted keys of the used services that hold no version now. */
  private Set<ResourceKey> missing() {
    Set<ResourceKey> missing = new LinkedHashSet<>();
    for (Service s : config.services()) {
      if (s.use()) {
        for (ResourceKey k : Wants.of(s, holdings)) {
          if (holdings.newest(k) == null) {
            missing.add(k);
          }
        }
      }
    }
    return missing;
  }

  private void forceRefresh(long now) {
    if (refreshed == null) {
      return;
    }
    Set<ResourceKey> todo = new LinkedHashSet<>();
    for (Service s : config.services()) {
      if (s.use()) {
        todo.addAll(Wants.of(s, holdings));
      }
    }
    todo.removeAll(refreshed);
    if (todo.isEmpty()) {
      // Over once nothing it asked for is still waiting: an answer may yet make more wanted.
      if (refreshed.stream().noneMatch(schedule::waiting)) {
        refreshed = null;
      }
      return;
    }
    refreshed.addAll(todo);
    schedule.dueNow(todo, now);
  }

  private void fetch(ResourceKey k) {
    counters.serverRequest();
    log.info("{}: asking the ALTO server (peers did not deliver a valid version in time)", k);
    CompletionStage<byte[]> f;
    try {
      f = server.fetch(k.service(), k.resourceId(), heldOf(k.service()));
    } catch (RuntimeException x) {
      f = CompletableFuture.failedFuture(x);
    }
    f.whenComplete((bytes, err) -> loop.execute(() -> fetched(k, bytes, err)));
  }

  /** The newest held bundle of each resource of {@code service}, by resource ID: the server's delta bases. */
  private Map<String, byte[]> heldOf(String service) {
    Map<String, byte[]> out = new HashMap<>();
    for (HeldBundle h : holdings.newest()) {
      if (h.key().service().equals(service) && h.key().resourceId() != null) {
        out.put(h.key().resourceId(), h.bytes());
      }
    }
    return out;
  }

  private void fetched(ResourceKey k, byte[] bytes, Throwable err) {
    if (closed.getAsBoolean()) {
      return;
    }
    long now = loop.nanoTime();
    if (err != null || bytes == null || bytes.length > config.maxBundleSize()) {
      failed(k, err != null ? err.toString() : bytes == null ? "no bytes" : bytes.length + " bytes", now);
      return;
    }
    installer.verify(k, null, bytes, HeldResource.Source.SERVER, o -> {
      if (o instanceof Checker.Accepted a) {
        installer.install(a.held());
        schedule.done(k);
      } else if (((Checker.Refused) o).reason() == VerificationException.Reason.STALE_SEQUENCE) {
        log.info("{}: the ALTO server has nothing newer than the held version", k);
        schedule.done(k);
      } else {
        failed(k, ((Checker.Refused) o).why(), loop.nanoTime());
      }
    });
  }

  private void failed(ResourceKey k, String why, long now) {
    counters.serverFailure();
    schedule.failed(k, now);
    log.warn("{}: the ALTO server fetch failed ({} in a row): {}", k, schedule.failures(k), why);
  }
}
