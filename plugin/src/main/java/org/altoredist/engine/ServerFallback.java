package org.altoredist.engine;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoClientException;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;

/**
 * The ALTO server itself, asked only when no peer delivered a valid current version in time. The
 * HTTP part's ALTO client implements it; the simulation has a signing server that counts requests.
 *
 * <p>The engine verifies what comes back as a copy from the origin (a resource the server marked
 * not redistributable is usable by this node but never passed on).
 */
public interface ServerFallback {

  /**
   * Fetches the signed bundle of one resource.
   *
   * @param service the service's root IRD URI
   * @param resourceId the resource id in that IRD, or null for the root IRD itself
   * @return the bundle's bytes; fails with an {@link java.io.IOException} (or any exception) when
   *     the server cannot be reached or answers with an error, and the engine backs off
   */
  CompletionStage<byte[]> fetch(String service, String resourceId);

  /**
   * As {@link #fetch(String, String)}, from a server that may send a new version as a delta from
   * the verified bundle this node holds of that resource ({@code held}, by resource ID, for this
   * resource and those it depends on: alto-http.md §4.10); the bytes returned are still the whole
   * new bundle. By default the held bundles are not used.
   */
  default CompletionStage<byte[]> fetch(String service, String resourceId, Map<String, byte[]> held) {
    return fetch(service, resourceId);
  }

  /**
   * The HTTP part's ALTO clients, one per service URI, as the fallback. Their calls block (and
   * retry on their own), so they run on {@code executor}; what comes back is the bundle of the
   * resource the client verified, which the engine verifies again under its own policy.
   */
  static ServerFallback http(Map<String, AltoClient> clients, Executor executor) {
    Map<String, AltoClient> byService = Map.copyOf(clients);
    return new ServerFallback() {
      @Override
      public CompletionStage<byte[]> fetch(String service, String resourceId) {
        return fetch(service, resourceId, Map.of());
      }

      @Override
      public CompletionStage<byte[]> fetch(String service, String resourceId, Map<String, byte[]> held) {
        AltoClient client = byService.get(service);
        if (client == null) {
          return CompletableFuture.failedFuture(new IOException("no ALTO client for " + service));
        }
        return CompletableFuture.supplyAsync(() -> {
          try {
            return (resourceId == null ? client.directory() : client.fetch(resourceId, bases(held))).bundle().encoded();
          } catch (AltoClientException e) {
            throw new CompletionException(e);
          }
        }, executor);
      }
    };
  }

  /** The held bundles that decode (the engine verified them when it installed them). */
  private static Map<String, SignedBundle> bases(Map<String, byte[]> held) {
    Map<String, SignedBundle> out = new java.util.HashMap<>();
    held.forEach((id, bytes) -> {
      try {
        out.put(id, SignedBundle.parse(bytes));
      } catch (VerificationException e) {
        // Not a base, then: the version comes whole.
      }
    });
    return out;
  }
}
