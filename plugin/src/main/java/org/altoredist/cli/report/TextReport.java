package org.altoredist.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The demo's report for the terminal: the key figures, then the traffic matrices. */
public final class TextReport {

  private TextReport() {}

  /** Label and value of each key figure, shared with the HTML page. */
  static List<String[]> summary(DemoReport r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ALTO-server requests", r.serverRequests() + " (without redistribution: "
        + r.serverRequestsWithoutRedistribution() + ", map versions: " + r.mapVersions() + ")"});
    long alto = r.peers().stream().filter(DemoReport.Peer::alto).count();
    long held = r.peers().stream().filter(p -> p.alto() && !Double.isNaN(p.mapsHeldSeconds())).count();
    double last = r.peers().stream().filter(DemoReport.Peer::alto).mapToDouble(DemoReport.Peer::mapsHeldSeconds)
        .filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    rows.add(new String[] {"ALTO peers holding verified maps", held + " of " + alto
        + String.format(Locale.ROOT, " (the last after %.2f s)", last)});
    long done = r.peers().stream().filter(p -> !Double.isNaN(p.completedSeconds())).count();
    rows.add(new String[] {"peers that completed the content", done + " of " + r.peers().size()});
    rows.add(new String[] {"completion, ALTO peers", tail(r.altoCompletion())});
    rows.add(new String[] {"completion, vanilla peers", tail(r.vanillaCompletion())});
    if (r.altoCompletion().peers() > 0 && r.vanillaCompletion().peers() > 0) {
      rows.add(new String[] {"ALTO / vanilla", String.format(Locale.ROOT, "median %.2f, p90 %.2f, slowest %.2f",
          r.altoCompletion().median() / r.vanillaCompletion().median(), r.altoCompletion().p90() / r.vanillaCompletion().p90(),
          r.altoCompletion().slowest() / r.vanillaCompletion().slowest())});
      rows.add(new String[] {"ALTO peers slower than 1.1 x the slowest vanilla", stragglers(r)});
    }
    rows.add(new String[] {"content bytes crossing PIDs, ALTO / vanilla", String.format(Locale.ROOT, "%.0f %% / %.0f %%",
        100 * DemoReport.interPidShare(r.altoTraffic()), 100 * DemoReport.interPidShare(r.vanillaTraffic()))});
    return rows;
  }

  /** Median, p90 and slowest, with how many completed: a starved peer shows at a glance. */
  static String tail(DemoReport.Tail t) {
    if (t.peers() == 0) {
      return "none";
    }
    return String.format(Locale.ROOT, "%d of %d done; median %s, p90 %s, slowest %s", t.completed(), t.peers(),
        seconds(t.median()), seconds(t.p90()), seconds(t.slowest()));
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "not reached" : String.format(Locale.ROOT, "%.2f s", s);
  }

  /** The ALTO downloaders slower than 1.1 x the slowest vanilla one (steering's floor), or "none". */
  static String stragglers(DemoReport r) {
    double bound = 1.1 * r.vanillaCompletion().slowest();
    List<String> slow = new ArrayList<>();
    for (DemoReport.Peer p : r.peers()) {
      if (p.alto() && !p.seeder() && !(p.completedSeconds() <= bound)) {
        slow.add(p.name() + " (" + p.pid() + ", " + seconds(p.completedSeconds()) + ")");
      }
    }
    return Double.isNaN(bound) ? "no vanilla bound (a vanilla peer did not complete)"
        : slow.isEmpty() ? "none" : String.join(", ", slow);
  }

  public static String render(DemoReport r) {
    StringBuilder sb = new StringBuilder(r.title()).append("\n\n");
    for (String[] row : summary(r)) {
      sb.append(String.format(Locale.ROOT, "  %-50s %s%n", row[0], row[1]));
    }
    matrix(sb, "content bytes by PID, ALTO-steered peers (row: from, column: to)", r.pids(), r.altoTraffic());
    matrix(sb, "content bytes by PID, vanilla peers", r.pids(), r.vanillaTraffic());
    return sb.toString();
  }

  private static void matrix(StringBuilder sb, String label, List<String> pids, long[][] m) {
    sb.append("\n  ").append(label).append('\n').append(String.format(Locale.ROOT, "  %12s", ""));
    for (String p : pids) {
      sb.append(String.format(Locale.ROOT, " %12s", p));
    }
    sb.append('\n');
    for (int i = 0; i < pids.size(); i++) {
      sb.append(String.format(Locale.ROOT, "  %12s", pids.get(i)));
      for (int j = 0; j < pids.size(); j++) {
        sb.append(String.format(Locale.ROOT, " %12d", m[i][j]));
      }
      sb.append('\n');
    }
  }
}
