package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TcpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendezvous through the libtorrent session's own DHT (BEP 5): announce the {@code ar_alto}
 * endpoint's port under the rendezvous key, and look the key up. The DHT records the announcing
 * node's source address, which is the session's, the address the endpoint also binds.
 *
 * <p>Lookups come quickly at first, so a new node finds its swarm in seconds, then settle to the
 * DHT's usual pace; BEP 5 peers drop announcements after about 30 minutes, so announcements repeat
 * well within that.
 */
final class DhtDiscovery implements Discovery {

  private static final Logger log = LoggerFactory.getLogger(DhtDiscovery.class);

  /** Seconds after joining at which to look up: quick while a swarm forms, then every minute. */
  private static final long[] LOOKUP_AT_SECONDS = {0, 2, 5, 10, 20, 40};
  private static final long LOOKUP_EVERY_SECONDS = 60;
  /** Re-announce every 10 minutes: BEP 5 nodes forget announcements after about 30. */
  private static final long ANNOUNCE_EVERY_SECONDS = 600;
  /** How long one get_peers lookup may take; libtorrent4j blocks the calling thread meanwhile. */
  private static final int LOOKUP_TIMEOUT_SECONDS = 10;

  private final SessionManager session;
  private final ScheduledExecutorService scheduler;

  DhtDiscovery(SessionManager session, ScheduledExecutorService scheduler) {
    this.session = session;
    this.scheduler = scheduler;
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    Sha1Hash target = Sha1Hash.fromBytes(key.bytes());
    List<ScheduledFuture<?>> tasks = new ArrayList<>();
    tasks.add(scheduler.scheduleAtFixedRate(() -> announce(target, self), 0, ANNOUNCE_EVERY_SECONDS, TimeUnit.SECONDS));
    for (long at : LOOKUP_AT_SECONDS) {
      tasks.add(scheduler.schedule(() -> lookup(target, found), at, TimeUnit.SECONDS));
    }
    long last = LOOKUP_AT_SECONDS[LOOKUP_AT_SECONDS.length - 1];
    tasks.add(scheduler.scheduleAtFixedRate(() -> lookup(target, found), last + LOOKUP_EVERY_SECONDS,
        LOOKUP_EVERY_SECONDS, TimeUnit.SECONDS));
    return () -> tasks.forEach(t -> t.cancel(false));
  }

  private void announce(Sha1Hash target, InetSocketAddress self) {
    if (session.isRunning() && session.isDhtRunning()) {
      session.dhtAnnounce(target, self.getPort(), (byte) 0);
      log.debug("DHT announce of ar_alto endpoint port {} under rendezvous {}", self.getPort(), target.toHex());
    }
  }

  private void lookup(Sha1Hash target, Consumer<List<InetSocketAddress>> found) {
    if (!session.isRunning() || !session.isDhtRunning()) {
      return;
    }
    Set<InetSocketAddress> peers = new LinkedHashSet<>();
    for (TcpEndpoint e : session.dhtGetPeers(target, LOOKUP_TIMEOUT_SECONDS)) {
      peers.add(new InetSocketAddress(e.address().toString(), e.port()));
    }
    log.debug("DHT rendezvous {} found {} endpoints", target.toHex(), peers.size());
    if (!peers.isEmpty()) {
      found.accept(List.copyOf(peers));
    }
  }
}
