package org.altoredist.engine;

import java.util.concurrent.CompletionStage;

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
}
