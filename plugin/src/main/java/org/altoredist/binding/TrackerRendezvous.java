package org.altoredist.binding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;

/**
 * The torrent-key rendezvous through a torrent's own HTTP(S) and UDP trackers (bep_ar_alto.md,
 * "Finding peers"), for bindings other than libtorrent4j's: the same announcing as
 * {@link AltoPlugin}'s, over the engine's {@link Discovery}.
 */
public final class TrackerRendezvous {

  /** BEP 15's first wait for a UDP tracker's answer. */
  private static final Duration UDP_FIRST_TIMEOUT = Duration.ofSeconds(15);

  private TrackerRendezvous() {}

  /**
   * @param trackersOf the announce URLs of the torrent whose key is given; none for a key that is
   *     no torrent's, or a private torrent's (BEP 27: its trackers serve their own torrents only)
   * @param scheduler times announces; never blocks
   * @param announcers makes announces, which block up to 45 s each
   */
  public static Discovery over(Function<RendezvousKey, List<String>> trackersOf, ScheduledExecutorService scheduler,
      ExecutorService announcers) {
    TrackerClient client = TrackerClient.byScheme(new HttpTracker((SSLSocketFactory) SSLSocketFactory.getDefault()),
        new UdpTracker(UDP_FIRST_TIMEOUT));
    return new TrackerDiscovery(trackersOf, client, scheduler, announcers, TrackerDiscovery.TICK);
  }
}
