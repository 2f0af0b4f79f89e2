package org.altoredist.engine;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoClientException;

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
   * The HTTP part's ALTO clients, one per service URI, as the fallback. Their calls block (and
   * retry on their own), so they run on {@code executor}; what comes back is the bundle of the
   * resource the client verified, which the engine verifies again under its own policy.
   */
  static ServerFallback http(Map<String, AltoClient> clients, Executor executor) {
    Map<String, AltoClient> byService = Map.copyOf(clients);
    return (service, resourceId) -> {
      AltoClient client = byService.get(service);
      if (client == null) {
        return CompletableFuture.failedFuture(new IOException("no ALTO client for " + service));
      }
      return CompletableFuture.supplyAsync(() -> {
        try {
          return (resourceId == null ? client.directory() : client.fetch(resourceId)).bundle().encoded();
        } catch (AltoClientException e) {
          throw new CompletionException(e);
        }
      }, executor);
    };
  }
}
