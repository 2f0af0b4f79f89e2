package org.altoredist.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.libtorrent4j.TorrentStatus;

/** Download progress: a redrawn bar on a terminal, a line every few seconds otherwise (logs, pipes). */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private long lastLine;

  ProgressBar(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(TorrentStatus st, int mapsHeld) {
    float p = st.progress();
    String line = String.format(Locale.ROOT, "%5.1f%% %6d KiB/s  peers %3d  maps %d", 100 * p, st.downloadRate() / 1024,
        st.numPeers(), mapsHeld);
    if (terminal) {
      int filled = Math.round(p * WIDTH);
      out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + line);
      out.flush();
    } else if (System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
      out.println(line);
      out.flush();
      lastLine = System.nanoTime();
    }
  }

  void done() {
    if (terminal) {
      out.println();
    }
  }
}
