package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.libtorrent4j.PeerInfo;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import org.libtorrent4j.swig.peer_info;

/**
 * What one torrent's connections look like at each watch tick, read from libtorrent: whether it
 * still wants pieces, how many connected peers hold a piece it lacks and how many of those have it
 * unchoked (sources), its own download rate and what arrived since the last tick, and the rate at
 * which its downloading neighbours progress, estimated from the pieces they announce (a peer's
 * progress is all libtorrent tells of its rate).
 * One per followed torrent, on the steering thread.
 */
final class TorrentPeers {

  /**
   * Weight of the newest tick in a neighbour's smoothed rate: pieces arrive in steps (256 KiB and
   * more), so one tick's difference is noisy; 0.3 forgets a step within a few seconds.
   */
  static final double SMOOTHING = 0.3;

  private static final int INTERESTING = peer_info.interesting.to_int();
  private static final int REMOTE_CHOKED = peer_info.remote_choked.to_int();
  private static final int SEED = peer_info.seed.to_int();
  private static final int OUTGOING = peer_info.outgoing_connection.to_int();
  private static final int CONNECTING = peer_info.connecting.to_int() | peer_info.handshake.to_int();

  /** Per neighbour: last progress (ppm), when, and the smoothed rate in bytes/s (NaN before two ticks). */
  private final Map<InetSocketAddress, double[]> progress = new HashMap<>();
  private Set<InetSocketAddress> connected = Set.of();
  /** Their addresses: an incoming connection shows the peer's ephemeral port, not its listen port. */
  private Set<InetAddress> connectedAddresses = Set.of();
  /** The peers this node dialled: their endpoints are the ones they listen on. */
  private Set<InetSocketAddress> dialled = Set.of();
  private boolean paused;
  private boolean wanting;
  private double done;
  /**
   * The share of the torrent's pieces it holds, in whole parts per million rounded down: exactly
   * how libtorrent reports a neighbour's progress (its pieces over the torrent's). {@link #done} is
   * a share of bytes, exact, so a download tied with its gateway read the gateway as a fraction of
   * a part behind it.
   */
  private double havePieces;
  /** The torrent's pieces, once its metadata is known (a status read without its piece bitfield). */
  private int pieceCount;
  private int holders;
  private int sources;
  private int nearSources;
  private double rate;
  /** libtorrent's payload counter at the last tick, to tell what arrived since; -1 before the first. */
  private long payload = -1;
  private long received = -1;
  private double fairShare = Double.NaN;

  /** Reads the torrent's status and peers now; {@code far} tells the peers the cost filter blocks. */
  void refresh(TorrentHandle h, long nanos, Predicate<InetAddress> far) {
    TorrentStatus st = h.status();
    paused = st.flags().and_(TorrentFlags.PAUSED).non_zero();
    boolean metadata = st.hasMetadata();
    wanting = !paused && !st.isFinished() && st.state() != TorrentStatus.State.CHECKING_FILES
        && st.state() != TorrentStatus.State.CHECKING_RESUME_DATA;
    rate = st.downloadPayloadRate();
    // The counter restarts when the torrent is paused and resumed: a drop is not a negative amount.
    long counted = st.totalPayloadDownload();
    received = payload < 0 || counted < payload ? -1 : counted - payload;
    payload = counted;
    done = st.progress();
    if (pieceCount == 0 && metadata) {
      // A handle gone invalid has no torrent file, though a status read just before says metadata.
      TorrentInfo info = h.torrentFile();
      pieceCount = info == null ? 0 : info.numPieces();
    }
    // In parts per million rounded down, as libtorrent reports a peer's progress: a tie must read
    // as a tie, not as the gateway a fraction of a part behind.
    havePieces = pieceCount == 0 ? 0 : (double) ((long) st.numPieces() * 1_000_000 / pieceCount) / 1e6;
    long size = st.total();
    Set<InetSocketAddress> now = new HashSet<>();
    Set<InetAddress> nowAddresses = new HashSet<>();
    Set<InetSocketAddress> out = new HashSet<>();
    int holding = 0;
    int useful = 0;
    int near = 0;
    double sum = 0;
    int downloading = 0;
    for (PeerInfo p : h.peerInfo()) {
      InetSocketAddress a = LibtorrentEndpoints.parse(p.ip());
      if (a == null || (p.flags() & CONNECTING) != 0) {
        continue;
      }
      now.add(a);
      if ((p.flags() & OUTGOING) != 0) {
        out.add(a);
      }
      nowAddresses.add(a.getAddress());
      // Without metadata every peer can serve it (ut_metadata), and nothing is known of pieces.
      boolean holds = !metadata || (p.flags() & INTERESTING) != 0;
      holding += holds ? 1 : 0;
      if (holds && (!metadata || (p.flags() & REMOTE_CHOKED) == 0)) {
        useful++;
        near += far.test(a.getAddress()) ? 0 : 1;
      }
      double ppm = p.progressPpm();
      boolean downloader = (p.flags() & SEED) == 0 && ppm < 1_000_000;
      double[] prev = progress.get(a);
      if (prev == null) {
        progress.put(a, new double[] {ppm, nanos, Double.NaN, nanos});
        continue;
      }
      double seconds = (nanos - prev[1]) / 1e9;
      if (seconds > 0) {
        double instant = Math.max(0, ppm - prev[0]) / 1e6 * size / seconds;
        prev[2] = Double.isNaN(prev[2]) ? instant : SMOOTHING * instant + (1 - SMOOTHING) * prev[2];
        if (ppm > prev[0]) {
          prev[3] = nanos;
        }
        prev[0] = ppm;
        prev[1] = nanos;
      }
      if (downloader && !Double.isNaN(prev[2])) {
        sum += prev[2];
        downloading++;
      }
    }
    progress.keySet().retainAll(now);
    connected = now;
    dialled = out;
    connectedAddresses = nowAddresses;
    holders = holding;
    sources = useful;
    nearSources = near;
    fairShare = downloading >= Starvation.MIN_PEERS_FOR_FAIR_SHARE && size > 0 ? sum / downloading : Double.NaN;
  }

  Set<InetSocketAddress> connected() {
    return connected;
  }

  /** The connected peers this node dialled, at the endpoints they listen on. */
  Set<InetSocketAddress> dialled() {
    return dialled;
  }

  /** The connected peers' addresses, by which a peer counts as connected whichever end dialled. */
  Set<InetAddress> connectedAddresses() {
    return connectedAddresses;
  }

  boolean wanting() {
    return wanting;
  }

  boolean paused() {
    return paused;
  }

  /**
   * The tick's sample, with how far the PID's {@code gateway} is ahead of this download (a share of
   * the torrent, negative when behind) and how long since it last completed a piece; NaN and never
   * when it is not connected or {@code gateway} is null; {@code reliefConnected} as the steering
   * knows it.
   */
  Starvation.Sample sample(long nanos, InetAddress gateway, boolean reliefConnected) {
    double lead = Double.NaN;
    long progressed = Long.MIN_VALUE;
    for (Map.Entry<InetSocketAddress, double[]> e : progress.entrySet()) {
      if (e.getKey().getAddress().equals(gateway)) {
        lead = Math.max(Double.isNaN(lead) ? -1 : lead, e.getValue()[0] / 1e6 - havePieces);
        progressed = Math.max(progressed, (long) e.getValue()[3]);
      }
    }
    return new Starvation.Sample(nanos, wanting, done, holders, sources, nearSources, rate, fairShare, lead,
        progressed == Long.MIN_VALUE ? Long.MAX_VALUE : nanos - progressed, reliefConnected, received);
  }
}
