package org.altoredist.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.BlockFinishedAlert;

/**
 * Content bytes a torrent received from each peer address, summed by the peer's PID. Counted from
 * libtorrent's block-finished alerts, one per 16 KiB block with the peer that sent it: exact, where
 * sampling per-connection totals loses whatever a connection moved after its last sample (seeds
 * close their connections to each other the moment they finish) and stalls under load.
 */
final class PeerTraffic {

  /** BEP 3: blocks are requested 16 KiB at a time; a piece's last block may be shorter. */
  private static final int BLOCK = 16 * 1024;

  private final IntUnaryOperator pieceSize;
  private final Map<InetAddress, Long> received = new HashMap<>();

  private PeerTraffic(IntUnaryOperator pieceSize) {
    this.pieceSize = pieceSize;
  }

  /**
   * Counts what {@code session} receives from now on. {@code pieceSize} gives a piece's size (a
   * magnet link's torrent learns them only with its metadata, before any block arrives).
   */
  static PeerTraffic listen(SessionManager session, IntUnaryOperator pieceSize) {
    PeerTraffic t = new PeerTraffic(pieceSize);
    session.addListener(new AlertListener() {
      @Override
      public int[] types() {
        return new int[] {AlertType.BLOCK_FINISHED.swig()};
      }

      @Override
      public void alert(Alert<?> a) {
        BlockFinishedAlert b = (BlockFinishedAlert) a;
        t.blockFinished(literal(b.endpoint().address().toString()), b.pieceIndex(), b.blockIndex());
      }
    });
    return t;
  }

  /** Block {@code block} of piece {@code piece} arrived from {@code from}. */
  synchronized void blockFinished(InetAddress from, int piece, int block) {
    long bytes = Math.min(BLOCK, pieceSize.applyAsInt(piece) - (long) block * BLOCK);
    received.merge(from, Math.max(0, bytes), Long::sum);
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("libtorrent reported a peer address that is not one: " + ip, e);
    }
  }

  /** Bytes received per PID; "unknown (address)" for addresses no map covers. */
  synchronized Map<String, Long> byPid(Function<InetAddress, String> pidOf) {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<InetAddress, Long> e : received.entrySet()) {
      String pid = pidOf.apply(e.getKey());
      out.merge(pid == null ? "unknown (" + e.getKey().getHostAddress() + ")" : pid, e.getValue(), Long::sum);
    }
    return out;
  }
}
