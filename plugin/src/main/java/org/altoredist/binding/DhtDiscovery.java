package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.DhtGetPeersReplyAlert;
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
 *
 * <p>Lookups hold no thread: {@code dht_get_peers} only starts one, and libtorrent posts a
 * {@code dht_get_peers_reply} alert for each node that answers with peers, named by the target
 * (and nothing when no node answers, so a lookup ends at its deadline). Each reply's endpoints new
 * to the lookup are handed on as they come. A lookup due while the last one of its target is
 * still under way takes its place, with a deadline of its own: replies name only the target, and
 * the newer lookup takes the older one's late replies too.
 *
 * <p>A torrent's rendezvous is left alone while the torrent is paused (libtorrent leaves it alone
 * too), and a finished torrent keeps announcing but stops looking up after the early ones: the
 * early lookups let a seed that starts without maps meet the swarm, and afterwards the peers that
 * still download find it by its announcements.
 */
final class DhtDiscovery implements Discovery, AlertListener {

  private static final Logger log = LoggerFactory.getLogger(DhtDiscovery.class);

  /** What the torrent behind a rendezvous key is doing; a key of no torrent (a resource's) counts as downloading. */
  enum Activity { PAUSED, FINISHED, DOWNLOADING }

  /** Seconds after joining at which to announce and look up: quick while a swarm forms. */
  private static final long[] EARLY_SECONDS = {0, 1, 2, 3, 5, 8, 13, 20, 30, 45};
  private static final long LOOKUP_EVERY_SECONDS = 60;
  /** Re-announce every 10 minutes: BEP 5 nodes forget announcements after about 30. */
  private static final long ANNOUNCE_EVERY_SECONDS = 600;
  /**
   * How long a lookup's replies are taken: libtorrent's get_peers traversal ends within a few
   * seconds once its routing table holds nodes, and on an empty table it never answers at all.
   */
  static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(10);

  private static final int[] TYPES = {AlertType.DHT_GET_PEERS_REPLY.swig()};

  private final SessionManager session;
  private final ScheduledExecutorService scheduler;
  private final Function<RendezvousKey, Activity> activity;
  private final Duration deadline;
  /** Lookups under way, by target (hex): alerts are matched to them here. */
  private final Map<String, Lookup> underWay = new ConcurrentHashMap<>();

  /**
   * Announces, deadlines and hand-overs of what lookups found run on {@code scheduler}, which must
   * never block: an announce queued behind anything slow would leave this node unfindable exactly
   * while a swarm forms. Call {@link #listen} before joining and {@link #stop} at the end.
   *
   * @param activity what the torrent behind a key is doing; null for a key of no followed torrent
   */
  DhtDiscovery(SessionManager session, ScheduledExecutorService scheduler, Function<RendezvousKey, Activity> activity,
      Duration deadline) {
    this.session = session;
    this.scheduler = scheduler;
    this.activity = activity;
    this.deadline = deadline;
  }

  /** Starts taking the session's DHT replies. */
  void listen() {
    session.addListener(this);
  }

  /** Stops taking replies; lookups under way are dropped. */
  void stop() {
    session.removeListener(this);
    underWay.clear();
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    Sha1Hash target = Sha1Hash.fromBytes(key.bytes());
    List<ScheduledFuture<?>> tasks = new ArrayList<>();
    long last = EARLY_SECONDS[EARLY_SECONDS.length - 1];
    for (long at : EARLY_SECONDS) {
      tasks.add(scheduler.schedule(() -> announce(key, target, self), at, TimeUnit.SECONDS));
      tasks.add(scheduler.schedule(() -> lookup(key, target, found, true), at, TimeUnit.SECONDS));
    }
    tasks.add(scheduler.scheduleAtFixedRate(() -> announce(key, target, self), last + ANNOUNCE_EVERY_SECONDS,
        ANNOUNCE_EVERY_SECONDS, TimeUnit.SECONDS));
    tasks.add(scheduler.scheduleAtFixedRate(() -> lookup(key, target, found, false), last + LOOKUP_EVERY_SECONDS,
        LOOKUP_EVERY_SECONDS, TimeUnit.SECONDS));
    return () -> {
      tasks.forEach(t -> t.cancel(false));
      Lookup l = underWay.get(target.toHex());
      if (l != null && l.found == found && underWay.remove(l.hex, l) && l.expiry != null) {
        l.expiry.cancel(false);
      }
    };
  }

  /** Lookups under way now. */
  int lookupsUnderWay() {
    return underWay.size();
  }

  @Override
  public int[] types() {
    return TYPES;
  }

  /** On libtorrent4j's alert thread: reads the reply before returning (its memory goes at the next pop). */
  @Override
  public void alert(Alert<?> alert) {
    if (!(alert instanceof DhtGetPeersReplyAlert r)) {
      return;
    }
    Lookup l = underWay.get(r.infoHash().toHex());
    if (l == null) {
      return;
    }
    List<InetSocketAddress> fresh = new ArrayList<>();
    for (TcpEndpoint e : r.peers()) {
      InetSocketAddress a = new InetSocketAddress(e.address().toString(), e.port());
      if (l.seen.add(a)) {
        fresh.add(a);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    log.debug("DHT rendezvous {}: {} new endpoints", l.hex, fresh.size());
    try {
      scheduler.execute(() -> {
        if (underWay.get(l.hex) == l) {
          l.found.accept(fresh);
        }
      });
    } catch (RejectedExecutionException e) {
      // Detaching: nobody is left to tell.
    }
  }

  private Activity activityOf(RendezvousKey key) {
    Activity a = activity.apply(key);
    return a == null ? Activity.DOWNLOADING : a;
  }

  private void announce(RendezvousKey key, Sha1Hash target, InetSocketAddress self) {
    if (session.isRunning() && session.isDhtRunning() && activityOf(key) != Activity.PAUSED) {
      session.dhtAnnounce(target, self.getPort(), (byte) 0);
      log.debug("DHT announce of ar_alto endpoint port {} under rendezvous {}", self.getPort(), target.toHex());
    }
  }

  /** On the scheduler thread, as every start and end of a lookup. */
  private void lookup(RendezvousKey key, Sha1Hash target, Consumer<List<InetSocketAddress>> found, boolean early) {
    if (!session.isRunning() || !session.isDhtRunning()) {
      return;
    }
    Activity now = activityOf(key);
    if (now == Activity.PAUSED || now == Activity.FINISHED && !early) {
      return;
    }
    Lookup l = new Lookup(target.toHex(), found);
    Lookup before = underWay.put(l.hex, l);
    if (before != null && before.expiry != null) {
      before.expiry.cancel(false);
    }
    try {
      l.expiry = scheduler.schedule(() -> expire(l), deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      underWay.remove(l.hex, l);
      return;
    }
    session.swig().dht_get_peers(target.swig());
  }

  private void expire(Lookup l) {
    if (underWay.remove(l.hex, l)) {
      log.debug("DHT rendezvous {}: lookup ended, {} endpoints found", l.hex, l.seen.size());
    }
  }

  /** One lookup under way: whom to tell, what it has told already. */
  private static final class Lookup {
    final String hex;
    final Consumer<List<InetSocketAddress>> found;
    final Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
    volatile ScheduledFuture<?> expiry;

    Lookup(String hex, Consumer<List<InetSocketAddress>> found) {
      this.hex = hex;
      this.found = found;
    }
  }
}
