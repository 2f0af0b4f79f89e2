package org.altoredist.engine;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything {@link RedistributionEngine.Builder} collected, checked. */
record Config(List<Service> services, List<InetAddress> localAddresses, Path stateDir, long storeBudget,
    long relayBudget, int maxBundleSize, Duration fallbackDelay, double fallbackJitter, Duration backoffBase,
    Duration backoffMax, Duration requestTimeout, int maxOutstandingPerPeer, int maxConsecutiveTimeouts,
    int targetPeers, int maxPeers, Duration ban, Duration tick, double randomFraction, boolean resourceRendezvous,
    long uploadBytesPerSecond) {

  Config {
    services = List.copyOf(services);
    localAddresses = List.copyOf(localAddresses);
  }

  Service service(String uri) {
    for (Service s : services) {
      if (s.uri().equals(uri)) {
        return s;
      }
    }
    return null;
  }
}
