package org.altoredist.binding.bt;

import bt.event.EventSource;
import bt.metainfo.Torrent;
import bt.metainfo.TorrentId;
import bt.torrent.TorrentRegistry;
import bt.tracker.AnnounceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.wire.InfoHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's torrents as the engine sees them: each one Bt registers is joined (its links
 * accepted, its rendezvous key announced) and its peer events are wired to the transport and the
 * steering. Bt has no event for a new torrent, so the registry is polled.
 */
final class Following {

  private static final Logger log = LoggerFactory.getLogger(Following.class);

  private final TorrentRegistry registry;
  private final EventSource events;
  private final InWireTransport transport;
  private final BtSteering steering;
  private final Map<RendezvousKey, TorrentId> byKey = new ConcurrentHashMap<>();
  volatile RedistributionEngine engine;

  Following(TorrentRegistry registry, EventSource events, InWireTransport transport, BtSteering steering) {
    this.registry = registry;
    this.events = events;
    this.transport = transport;
    this.steering = steering;
  }

  /** Joins torrents Bt registered since the last tick and forgets links whose connection is gone. */
  void tick() {
    try {
      for (TorrentId id : registry.getTorrentIds()) {
        RendezvousKey key = RendezvousKey.forTorrent(InfoHash.of(id.getBytes()));
        // Only the metadata says whether a torrent is private (a magnet link's comes later).
        Optional<Torrent> t = byKey.containsKey(key) ? Optional.empty() : registry.getTorrent(id);
        if (t.isPresent() && byKey.putIfAbsent(key, id) == null) {
          events.onPeerDisconnected(id, e -> transport.connectionClosed(e.getConnectionKey()));
          events.onPeerDiscovered(id, e -> steering.discovered(id, e.getPeer()));
          if (t.get().isPrivate()) {
            // BEP 27: no tracker rendezvous, no endpoint exchange; ar_alto rides the connections its tracker gives.
            engine.joinPrivate(InfoHash.of(id.getBytes()));
            log.info("private torrent {}: ar_alto in-wire on its connections, no rendezvous", id);
          } else {
            engine.join(InfoHash.of(id.getBytes()));
            log.info("torrent {}: ar_alto in-wire on its connections", id);
          }
        }
      }
      transport.sweep();
    } catch (RuntimeException e) {
      log.warn("following Bt's torrents failed this tick", e);
    }
  }

  /** The announce URLs of the torrent whose rendezvous key this is; none for a private torrent. */
  List<String> trackersOf(RendezvousKey key) {
    TorrentId id = byKey.get(key);
    Optional<Torrent> t = id == null ? Optional.empty() : registry.getTorrent(id);
    if (t.isEmpty() || t.get().isPrivate() || t.get().getAnnounceKey().isEmpty()) {
      return List.of();
    }
    AnnounceKey a = t.get().getAnnounceKey().get();
    if (!a.isMultiKey()) {
      return List.of(a.getTrackerUrl());
    }
    List<String> urls = new ArrayList<>();
    a.getTrackerUrls().forEach(urls::addAll);
    return urls;
  }
}
