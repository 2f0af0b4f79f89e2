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
    rows.add(new String[] {"median completion, ALTO / vanilla",
        String.format(Locale.ROOT, "%.2f s / %.2f s", r.medianCompletion(true), r.medianCompletion(false))});
    rows.add(new String[] {"content bytes crossing PIDs, ALTO / vanilla", String.format(Locale.ROOT, "%.0f %% / %.0f %%",
        100 * DemoReport.interPidShare(r.altoTraffic()), 100 * DemoReport.interPidShare(r.vanillaTraffic()))});
    return rows;
  }

  public static String render(DemoReport r) {
    StringBuilder sb = new StringBuilder(r.title()).append("\n\n");
    for (String[] row : summary(r)) {
      sb.append(String.format(Locale.ROOT, "  %-44s %s%n", row[0], row[1]));
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
