package org.altoredist.binding;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.altoredist.engine.ServerFallback;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoClientException;

/**
 * The engine's server fallback through the HTTP part's {@link AltoClient}: one client per service,
 * each verifying what it fetches before the engine verifies it again as a copy from the origin.
 * Fetches block, so they run on the executor, never on the engine's loop.
 */
final class ServerFetch implements ServerFallback {

  private final Map<String, AltoClient> clients;
  private final Executor executor;

  ServerFetch(Map<String, AltoClient> clients, Executor executor) {
    this.clients = Map.copyOf(clients);
    this.executor = executor;
  }

  @Override
  public CompletionStage<byte[]> fetch(String service, String resourceId) {
    AltoClient client = clients.get(service);
    if (client == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no ALTO server configured for " + service));
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return (resourceId == null ? client.directory() : client.fetch(resourceId)).bundle().encoded();
      } catch (AltoClientException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, executor);
  }
}
