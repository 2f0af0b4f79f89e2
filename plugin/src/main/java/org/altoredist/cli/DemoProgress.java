package org.altoredist.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's progress for a person watching: milestones as lines, and the running counts as one
 * line redrawn in place on a terminal, or a plain line every few seconds when the output is a file
 * or a pipe (where carriage returns would pile up).
 */
final class DemoProgress {

  private static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final String prefix;
  private final long start = System.nanoTime();
  private long lastLine = Long.MIN_VALUE;
  private boolean open;
  private String last = "";

  DemoProgress(PrintWriter out, boolean terminal, String prefix) {
    this.out = out;
    this.terminal = terminal;
    this.prefix = prefix;
  }

  /** A milestone, on its own line. */
  synchronized void status(String what) {
    clear();
    out.println(stamp(what));
    out.flush();
  }

  /** The running counts: redrawn in place, or a line now and then. */
  synchronized void update(String what) {
    if (terminal) {
      String line = stamp(what);
      out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
      out.flush();
      last = line;
      open = true;
    } else if (!what.equals(last) && (lastLine == Long.MIN_VALUE || System.nanoTime() - lastLine >= LINE_EVERY_NANOS)) {
      out.println(stamp(what));
      out.flush();
      last = what;
      lastLine = System.nanoTime();
    }
  }

  /** Ends a line redrawn in place. */
  synchronized void done() {
    if (open) {
      out.println();
      out.flush();
      open = false;
      last = "";
    }
  }

  private void clear() {
    if (open) {
      out.print("\r" + " ".repeat(last.length()) + "\r");
      open = false;
      last = "";
    }
  }

  private String stamp(String what) {
    return String.format(Locale.ROOT, "%s[%6.1f s] %s", prefix, (System.nanoTime() - start) / 1e9, what);
  }
}
