package org.altoredist.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.wire.InfoHash;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import org.libtorrent4j.alerts.AddTorrentAlert;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.MetadataReceivedAlert;
import org.libtorrent4j.alerts.TorrentAlert;
import org.libtorrent4j.alerts.TorrentRemovedAlert;
import org.libtorrent4j.swig.announce_entry_vector;
import org.libtorrent4j.swig.torrent_handle_vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the session's torrents: those it has when the plugin attaches, and each one added or
 * removed later (alerts). A torrent is followed once its metadata is known (a magnet link's arrives
 * later), since only the metadata says whether it is private, and only if the owner's predicate
 * accepts it. Each followed v1 torrent's info-hash is handed to the engine, which meets that
 * torrent's ar_alto peers, and its trackers are named to the tracker rendezvous.
 *
 * <p>A private torrent (BEP 27) is never announced or looked up in the DHT nor at trackers: the
 * engine joins it privately, through the configured bootstrap endpoints alone and with no endpoint
 * exchange (with none configured, only endpoints that dial in meet it). Alert callbacks run on
 * libtorrent4j's alert thread and read what they need before
 * returning: libtorrent frees an alert at the next pop.
 */
final class TorrentFollower implements AlertListener {

  private static final Logger log = LoggerFactory.getLogger(TorrentFollower.class);
  private static final int[] TYPES = {AlertType.ADD_TORRENT.swig(), AlertType.METADATA_RECEIVED.swig(),
      AlertType.TORRENT_REMOVED.swig()};

  private final SessionManager session;
  private final RedistributionEngine engine;
  private final Predicate<TorrentInfo> which;
  private final Map<String, TorrentHandle> torrents = new ConcurrentHashMap<>();
  private final Map<RendezvousKey, TorrentHandle> byKey = new ConcurrentHashMap<>();

  /** @param which the owner's choice of torrents to follow */
  TorrentFollower(SessionManager session, RedistributionEngine engine, Predicate<TorrentInfo> which) {
    this.session = session;
    this.engine = engine;
    this.which = which;
  }

  void start() {
    session.addListener(this);
    // The vector's elements live in the vector's native memory, freed when it is collected: read
    // each info-hash, then hold a handle of our own from find().
    torrent_handle_vector v = session.swig().get_torrents();
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      hashes.add(new TorrentHandle(v.get(i)).infoHash().toHex());
    }
    for (String hex : hashes) {
      TorrentHandle h = session.find(Sha1Hash.parseHex(hex));
      if (h != null) {
        follow(h);
      }
    }
  }

  void stop() {
    session.removeListener(this);
    torrents.clear();
    byKey.clear();
  }

  /**
   * The announce URLs of the followed torrent whose rendezvous key is {@code key}. None for a
   * private torrent (BEP 27): its tracker admits only its own torrents, and an unknown info-hash
   * announced with the user's passkey could cost the user the account. None either while a
   * torrent's metadata, which says whether it is private, is not yet known (a magnet link).
   */
  List<String> trackersOf(RendezvousKey key) {
    TorrentHandle h = byKey.get(key);
    if (h == null || !h.isValid()) {
      return List.of();
    }
    TorrentInfo info = h.torrentFile();
    if (info == null || info.isPrivate()) {
      return List.of();
    }
    // The vector's elements live in its native memory: read each URL while the vector is held.
    announce_entry_vector v = h.swig().trackers();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      urls.add(v.get(i).getUrl());
    }
    return urls;
  }

  /**
   * What the followed torrent whose rendezvous key is {@code key} is doing now; null for a key of
   * no followed torrent (a resource's), or one removed meanwhile.
   */
  DhtDiscovery.Activity activityOf(RendezvousKey key) {
    TorrentHandle h = byKey.get(key);
    if (h == null || !h.isValid()) {
      return null;
    }
    TorrentStatus st = h.status();
    return st.flags().and_(TorrentFlags.PAUSED).non_zero() ? DhtDiscovery.Activity.PAUSED
        : st.isFinished() ? DhtDiscovery.Activity.FINISHED : DhtDiscovery.Activity.DOWNLOADING;
  }

  /** The torrents followed now. */
  List<TorrentHandle> torrents() {
    return new ArrayList<>(torrents.values());
  }

  @Override
  public int[] types() {
    return TYPES;
  }

  @Override
  public void alert(Alert<?> alert) {
    if (alert instanceof AddTorrentAlert a && !a.error().isError()
        || alert instanceof MetadataReceivedAlert) {
      // The alert's handle lives in the alert's memory, which libtorrent frees at the next pop: look
      // the torrent up afresh by its info-hash instead of keeping it.
      TorrentHandle h = session.find(Sha1Hash.parseHex(((TorrentAlert<?>) alert).handle()
          .infoHash().toHex()));
      if (h != null) {
        follow(h);
      }
    } else if (alert instanceof TorrentRemovedAlert r && r.getInfoHashes().hasV1()) {
      String hex = r.getInfoHashes().getV1().toHex();
      byKey.remove(RendezvousKey.forTorrent(InfoHash.ofHex(hex)));
      if (torrents.remove(hex) != null) {
        engine.leave(InfoHash.ofHex(hex));
        log.info("torrent {} removed; no longer following it", hex);
      }
    }
  }

  private void follow(TorrentHandle h) {
    if (!h.isValid()) {
      return;
    }
    String hex = h.infoHash().toHex();
    TorrentInfo info = h.torrentFile();
    if (info == null || torrents.containsKey(hex)) {
      return; // no metadata yet: followed when it arrives
    }
    if (!which.test(info)) {
      log.info("torrent {} ({}): not followed, as the plugin was configured", hex, info.name());
      return;
    }
    if (torrents.putIfAbsent(hex, h) != null) {
      return;
    }
    InfoHash ih = InfoHash.ofHex(hex);
    if (info.isPrivate()) {
      engine.joinPrivate(ih);
      log.info("following private torrent {} ({}): no DHT, no trackers, bootstrap endpoints only", hex, info.name());
    } else {
      byKey.put(RendezvousKey.forTorrent(ih), h);
      engine.join(ih);
      log.info("following torrent {} ({})", hex, info.name());
    }
  }
}
