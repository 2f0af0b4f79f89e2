package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendezvous through the libtorrent session's own DHT (BEP 5): announce the {@code ar_alto}
 * endpoint's port under the rendezvous key, and look the key up. The DHT records the announcing
 * node's source address, which is the session's, the address the endpoint also binds.
 *
 * <p>Announcements and lookups come quickly at first, then settle to the DHT's usual pace. The
 * early repeats matter: a node's first announcement usually goes out before its routing table has
 * any node to store it (the first node of a swarm has none at all), and a lookup before the others
 * announced finds nothing. BEP 5 peers drop announcements after about 30 minutes, so later
 * announcements repeat well within that.
 */
final class DhtDiscovery implements Discovery {

  private static final Logger log = LoggerFactory.getLogger(DhtDiscovery.class);

  /** Seconds after joining at which to announce and look up: quick while a swarm forms. */
  private static final long[] EARLY_SECONDS = {0, 1, 2, 3, 5, 8, 13, 20, 30, 45};
  private static final long LOOKUP_EVERY_SECONDS = 60;
  /** Re-announce every 10 minutes: BEP 5 nodes forget announcements after about 30. */
  private static final long ANNOUNCE_EVERY_SECONDS = 600;
  /** How long one get_peers lookup may take; libtorrent4j blocks the calling thread meanwhile. */
  private static final int LOOKUP_TIMEOUT_SECONDS = 10;

  private final SessionManager session;
  private final ScheduledExecutorService scheduler;
  private final Executor lookups;
  /** Targets with a lookup under way: a lookup due meanwhile is skipped, not queued behind it. */
  private final Set<Sha1Hash> looking = ConcurrentHashMap.newKeySet();

  /**
   * Announces run on {@code scheduler}, which must never block: a lookup on an empty routing table
   * blocks for its whole timeout, and an announce queued behind it would leave this node unfindable
   * exactly while a swarm forms. Lookups therefore run on {@code lookups}.
   */
  DhtDiscovery(SessionManager session, ScheduledExecutorService scheduler, Executor lookups) {
    this.session = session;
    this.scheduler = scheduler;
    this.lookups = lookups;
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    Sha1Hash target = Sha1Hash.fromBytes(key.bytes());
    List<ScheduledFuture<?>> tasks = new ArrayList<>();
    long last = EARLY_SECONDS[EARLY_SECONDS.length - 1];
    for (long at : EARLY_SECONDS) {
      tasks.add(scheduler.schedule(() -> announce(target, self), at, TimeUnit.SECONDS));
      tasks.add(scheduler.schedule(() -> lookup(target, found), at, TimeUnit.SECONDS));
    }
    tasks.add(scheduler.scheduleAtFixedRate(() -> announce(target, self), last + ANNOUNCE_EVERY_SECONDS,
        ANNOUNCE_EVERY_SECONDS, TimeUnit.SECONDS));
    tasks.add(scheduler.scheduleAtFixedRate(() -> lookup(target, found), last + LOOKUP_EVERY_SECONDS,
        LOOKUP_EVERY_SECONDS, TimeUnit.SECONDS));
    return () -> tasks.forEach(t -> t.cancel(false));
  }

  /** Lookups under way now. */
  int lookupsUnderWay() {
    return looking.size();
  }

  private void announce(Sha1Hash target, InetSocketAddress self) {
    if (session.isRunning() && session.isDhtRunning()) {
      session.dhtAnnounce(target, self.getPort(), (byte) 0);
      log.debug("DHT announce of ar_alto endpoint port {} under rendezvous {}", self.getPort(), target.toHex());
    }
  }

  private void lookup(Sha1Hash target, Consumer<List<InetSocketAddress>> found) {
    if (!session.isRunning() || !session.isDhtRunning() || !looking.add(target)) {
      return;
    }
    try {
      lookups.execute(() -> {
        try {
          List<InetSocketAddress> peers = DhtPeers.lookup(session, target, LOOKUP_TIMEOUT_SECONDS);
          log.debug("DHT rendezvous {} found {} endpoints", target.toHex(), peers.size());
          if (!peers.isEmpty()) {
            found.accept(peers);
          }
        } finally {
          looking.remove(target);
        }
      });
    } catch (RejectedExecutionException e) {
      looking.remove(target);
    }
  }
}
