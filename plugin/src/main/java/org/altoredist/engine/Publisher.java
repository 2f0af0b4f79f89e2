package org.altoredist.engine;

import java.util.concurrent.CompletableFuture;

/**
 * {@link RedistributionEngine#publish}: a bundle the owner hands over is verified under each used
 * or relayed service in turn, as a copy from the origin, and the first that accepts it decides
 * which resource it is.
 */
final class Publisher {

  private final Config config;
  private final EngineLoop loop;
  private final Checker checker;
  private final Installer installer;

  Publisher(Config config, EngineLoop loop, Checker checker, Installer installer) {
    this.config = config;
    this.loop = loop;
    this.checker = checker;
    this.installer = installer;
  }

  void publish(byte[] bundle, CompletableFuture<HeldResource> done) {
    java.time.Instant now = loop.clock().instant();
    loop.offload(() -> {
      Checker.Outcome first = null;
      for (Service s : config.services()) {
        Checker.Outcome o = checker.check(s, null, null, bundle, -1, HeldResource.Source.PUBLISHED, now);
        if (o instanceof Checker.Accepted) {
          first = o;
          break;
        }
        first = first == null ? o : first;
      }
      Checker.Outcome outcome = first;
      loop.execute(() -> {
        if (outcome instanceof Checker.Accepted a) {
          if (installer.install(a.held())) {
            done.complete(a.held().info());
          } else {
            done.completeExceptionally(new IllegalArgumentException(a.held().info()
                + " was not installed: an equal or newer version is held, or it does not fit the budget"));
          }
        } else {
          done.completeExceptionally(new IllegalArgumentException("no configured service verifies it: "
              + ((Checker.Refused) outcome).why()));
        }
      });
    });
  }
}
