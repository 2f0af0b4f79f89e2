package org.altoredist.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The demo's report as one self-contained HTML page: a summary table and four SVG charts (server
 * load, map propagation, content completion, PID×PID traffic). No scripts and no external files,
 * so it opens anywhere and can be archived with the run.
 */
public final class HtmlReport {

  private static final String ALTO = "#1f77b4";
  private static final String VANILLA = "#ff7f0e";
  private static final int W = 640;

  private HtmlReport() {}

  public static String render(DemoReport r) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>altoredist demo</title>")
        .append("<style>body{font-family:sans-serif;max-width:720px;margin:2em auto}td,th{padding:2px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}</style></head><body>")
        .append("<h1>altoredist demo</h1><p>").append(Svg.escape(r.title())).append("</p>");
    h.append("<table>");
    for (String[] row : TextReport.summary(r)) {
      h.append("<tr><th>").append(Svg.escape(row[0])).append("</th><td>").append(Svg.escape(row[1])).append("</td></tr>");
    }
    h.append("</table>");
    h.append("<h2>ALTO-server requests</h2>").append(serverLoad(r));
    h.append("<h2>Map propagation</h2><p>ALTO peers holding the verified maps, by seconds since publication.</p>")
        .append(propagation(r));
    h.append("<h2>Content completion</h2><p>Seconds until each peer held the whole content; blue ALTO, orange vanilla.</p>")
        .append(completion(r));
    h.append("<h2>Content bytes by PID</h2><p>Rows: PID the bytes came from; columns: PID of the receiving peer.</p>")
        .append(heatmap("ALTO-steered peers", r.pids(), r.altoTraffic()))
        .append(heatmap("vanilla peers", r.pids(), r.vanillaTraffic()));
    return h.append("</body></html>\n").toString();
  }

  private static String serverLoad(DemoReport r) {
    long max = Math.max(1, Math.max(r.serverRequests(), r.serverRequestsWithoutRedistribution()));
    Svg s = new Svg(W, 90, "ALTO-server requests with and without redistribution");
    bar(s, 10, "with redistribution", r.serverRequests(), max, ALTO);
    bar(s, 50, "without (every peer asks)", r.serverRequestsWithoutRedistribution(), max, VANILLA);
    return s.toString();
  }

  private static void bar(Svg s, double y, String label, long value, long max, String color) {
    double w = (W - 260) * (double) value / max;
    s.text(190, y + 20, "end", label).rect(200, y, w, 28, color, label + ": " + value).text(206 + w, y + 20, "start", String.valueOf(value));
  }

  private static String propagation(DemoReport r) {
    List<Double> t = new ArrayList<>();
    r.peers().stream().filter(DemoReport.Peer::alto).forEach(p -> {
      if (!Double.isNaN(p.mapsHeldSeconds())) {
        t.add(p.mapsHeldSeconds());
      }
    });
    t.sort(null);
    long total = r.peers().stream().filter(DemoReport.Peer::alto).count();
    Svg s = new Svg(W, 220, "ALTO peers holding verified maps over time");
    double maxT = t.isEmpty() ? 1 : Math.max(t.get(t.size() - 1), 1e-3);
    axes(s, 180, String.format(Locale.ROOT, "%.2f s", maxT), total + " peers");
    double[] xs = new double[t.size() * 2 + 1];
    double[] ys = new double[t.size() * 2 + 1];
    xs[0] = 60;
    ys[0] = 180;
    for (int i = 0; i < t.size(); i++) {
      double x = 60 + (W - 80) * t.get(i) / maxT;
      xs[2 * i + 1] = x;
      ys[2 * i + 1] = ys[2 * i];
      xs[2 * i + 2] = x;
      ys[2 * i + 2] = 180 - 160.0 * (i + 1) / Math.max(1, total);
    }
    return s.polyline(xs, ys, ALTO).toString();
  }

  private static String completion(DemoReport r) {
    List<DemoReport.Peer> done = new ArrayList<>(r.peers());
    done.sort(Comparator.comparingDouble(p -> Double.isNaN(p.completedSeconds()) ? Double.MAX_VALUE : p.completedSeconds()));
    double max = done.stream().mapToDouble(DemoReport.Peer::completedSeconds).filter(d -> !Double.isNaN(d)).max().orElse(1);
    int rowH = 12;
    Svg s = new Svg(W, 30 + rowH * done.size(), "content completion time per peer");
    axes(s, 10 + rowH * done.size(), String.format(Locale.ROOT, "%.1f s", max), "");
    for (int i = 0; i < done.size(); i++) {
      DemoReport.Peer p = done.get(i);
      double w = Double.isNaN(p.completedSeconds()) ? 0 : (W - 80) * p.completedSeconds() / max;
      s.rect(60, 10 + i * rowH, w, rowH - 2, p.alto() ? ALTO : VANILLA,
          p.name() + " (" + p.pid() + "): " + (Double.isNaN(p.completedSeconds()) ? "did not complete"
              : String.format(Locale.ROOT, "%.2f s", p.completedSeconds())));
    }
    return s.toString();
  }

  private static String heatmap(String label, List<String> pids, long[][] m) {
    int n = pids.size();
    int cell = Math.min(60, (W - 120) / Math.max(1, n));
    long max = 1;
    for (long[] row : m) {
      for (long v : row) {
        max = Math.max(max, v);
      }
    }
    Svg s = new Svg(W, 40 + cell * (n + 1), "content bytes between PIDs, " + label);
    s.text(10, 16, "start", label + String.format(Locale.ROOT, " — %.0f %% of bytes crossed PIDs",
        100 * DemoReport.interPidShare(m)));
    for (int i = 0; i < n; i++) {
      s.text(110, 40 + cell * (i + 1) - cell / 3.0, "end", pids.get(i));
      s.text(120 + cell * i + cell / 2.0, 36, "middle", pids.get(i));
      for (int j = 0; j < n; j++) {
        int shade = (int) Math.round(255 - 200.0 * m[i][j] / max);
        s.rect(120 + cell * j, 40 + cell * i, cell - 1, cell - 1,
            String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade), pids.get(i) + " → " + pids.get(j) + ": " + m[i][j] + " bytes");
      }
    }
    return s.toString();
  }

  private static void axes(Svg s, double y0, String xMax, String yMax) {
    s.line(60, 10, 60, y0, "#444").line(60, y0, W - 20, y0, "#444")
        .text(W - 20, y0 + 14, "end", xMax).text(56, 20, "end", yMax).text(60, y0 + 14, "middle", "0");
  }
}
