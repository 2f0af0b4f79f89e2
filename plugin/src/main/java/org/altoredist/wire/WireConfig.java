package org.altoredist.wire;

import java.time.Duration;

/**
 * Per-endpoint settings. The defaults are the {@link WireLimits}; tests shorten the timeouts, a
 * benchmark raises the upload budget. Values are checked against the hard ceilings.
 *
 * @param localExtensionId the id we ask peers to send {@code ar_alto} messages under (1-255)
 * @param requestQueue how many requests we accept outstanding from one peer ({@code ar_alto_reqq})
 * @param maxBundleSize the largest bundle we accept, at most {@link WireLimits#MAX_BUNDLE_SIZE}
 * @param uploadBudget bytes we serve one peer per {@link WireLimits#UPLOAD_BUDGET_WINDOW}
 * @param listenPort the port put into our extension handshake's {@code p}, or 0 for none
 * @param client our {@code v}: client name and version
 */
public record WireConfig(int localExtensionId, int requestQueue, int maxBundleSize, long uploadBudget,
    Duration handshakeTimeout, Duration idleTimeout, Duration keepAliveInterval, int listenPort, String client) {

  public WireConfig {
    if (localExtensionId < 1 || localExtensionId > 255) {
      throw new IllegalArgumentException("extension id outside 1..255: " + localExtensionId);
    }
    if (requestQueue < 1 || requestQueue > WireLimits.MAX_OUTSTANDING_REQUESTS) {
      throw new IllegalArgumentException("request queue outside 1.." + WireLimits.MAX_OUTSTANDING_REQUESTS + ": " + requestQueue);
    }
    if (maxBundleSize < 1 || maxBundleSize > WireLimits.MAX_BUNDLE_SIZE) {
      throw new IllegalArgumentException("bundle size outside 1.." + WireLimits.MAX_BUNDLE_SIZE + ": " + maxBundleSize);
    }
    if (uploadBudget < WireLimits.PIECE_SIZE) {
      throw new IllegalArgumentException("upload budget below one piece: " + uploadBudget);
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port outside 0..65535: " + listenPort);
    }
  }

  public static WireConfig defaults() {
    return new WireConfig(1, WireLimits.MAX_OUTSTANDING_REQUESTS, WireLimits.DEFAULT_MAX_BUNDLE_SIZE,
        WireLimits.DEFAULT_UPLOAD_BUDGET, WireLimits.HANDSHAKE_TIMEOUT, WireLimits.IDLE_TIMEOUT,
        WireLimits.KEEPALIVE_INTERVAL, 0, "altoredist " + version());
  }

  public WireConfig withLocalExtensionId(int id) {
    return new WireConfig(id, requestQueue, maxBundleSize, uploadBudget, handshakeTimeout, idleTimeout,
        keepAliveInterval, listenPort, client);
  }

  public WireConfig withUploadBudget(long bytes) {
    return new WireConfig(localExtensionId, requestQueue, maxBundleSize, bytes, handshakeTimeout, idleTimeout,
        keepAliveInterval, listenPort, client);
  }

  public WireConfig withTimeouts(Duration handshake, Duration idle, Duration keepAlive) {
    return new WireConfig(localExtensionId, requestQueue, maxBundleSize, uploadBudget, handshake, idle,
        keepAlive, listenPort, client);
  }

  public WireConfig withListenPort(int port) {
    return new WireConfig(localExtensionId, requestQueue, maxBundleSize, uploadBudget, handshakeTimeout, idleTimeout,
        keepAliveInterval, port, client);
  }

  private static String version() {
    String v = WireConfig.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
