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
    StringBuilder h = page("altoredist demo").append("<p>").append(Svg.escape(r.title())).append("</p>");
    sections(h, r, 2);
    return h.append("</body></html>\n").toString();
  }

  /** The transit comparison: the side-by-side table, then each run's charts. */
  public static String render(TransitReport t) {
    StringBuilder h = page("altoredist demo, transit shaped to " + t.transitMbit() + " Mbit/s");
    h.append("<p>").append(Svg.escape(t.plugin().title())).append("</p><pre>").append(Svg.escape(t.render()))
        .append("</pre>");
    h.append("<h2>Every peer vanilla</h2>");
    sections(h, t.vanilla(), 3);
    h.append("<h2>Plugin on</h2>");
    sections(h, t.plugin(), 3);
    return h.append("</body></html>\n").toString();
  }

  private static StringBuilder page(String title) {
    return new StringBuilder(16_384).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Svg.escape(title)).append("</title>")
        .append("<style>body{font-family:sans-serif;max-width:760px;margin:2em auto}td,th{padding:2px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}</style></head><body>")
        .append("<h1>").append(Svg.escape(title)).append("</h1>");
  }

  private static void sections(StringBuilder h, DemoReport r, int level) {
    String open = "<h" + level + ">";
    String close = "</h" + level + ">";
    h.append("<table>");
    for (String[] row : TextReport.summary(r)) {
      h.append("<tr><th>").append(Svg.escape(row[0])).append("</th><td>").append(Svg.escape(row[1])).append("</td></tr>");
    }
    h.append("</table>");
    h.append(open).append("ALTO-server requests").append(close).append(serverLoad(r));
    h.append(open).append("Map propagation").append(close)
        .append("<p>ALTO peers holding the verified maps, by seconds since publication.</p>").append(propagation(r));
    h.append(open).append("Content completion").append(close).append("<p>Seconds from the content's release until each"
        + " peer held all of it, fastest first; a peer that never completed has no bar and is named in red. Dashed lines"
        + " mark each kind's slowest.</p>").append(completion(r));
    h.append(open).append("Content bytes by PID").append(close)
        .append("<p>Rows: PID the bytes came from; columns: PID of the receiving peer.</p>")
        .append(heatmap("ALTO-steered peers", r.pids(), r.altoTraffic()))
        .append(heatmap("vanilla peers", r.pids(), r.vanillaTraffic()));
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
    Svg s = new Svg(W, 230, "ALTO peers holding verified maps over time");
    double maxT = t.isEmpty() ? 1 : Math.max(t.get(t.size() - 1), 1e-3);
    axes(s, 180, String.format(Locale.ROOT, "%.2f s", maxT), total + " peers");
    s.text(W / 2.0, 210, "middle", "seconds since the seeder published the maps").text(14, 100, "middle", "peers", -90);
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
    double y0 = 30 + rowH * done.size();
    Svg s = new Svg(W, (int) y0 + 40, "content completion time per peer");
    axes(s, y0, String.format(Locale.ROOT, "%.1f s", max), "");
    s.text(W / 2.0, y0 + 30, "middle", "seconds since the content's release").text(14, y0 / 2, "middle", "peers", -90);
    s.rect(70, 4, 10, 10, ALTO, null).text(84, 13, "start", "ALTO-steered").rect(180, 4, 10, 10, VANILLA, null)
        .text(194, 13, "start", "vanilla");
    for (int i = 0; i < done.size(); i++) {
      DemoReport.Peer p = done.get(i);
      double y = 20 + i * rowH;
      if (Double.isNaN(p.completedSeconds())) {
        s.text(64, y + rowH - 3, "start", p.name() + " did not complete", "#d62728");
        continue;
      }
      double w = (W - 80) * p.completedSeconds() / max;
      s.rect(60, y, w, rowH - 2, p.alto() ? ALTO : VANILLA,
          p.name() + " (" + p.pid() + "): " + String.format(Locale.ROOT, "%.2f s", p.completedSeconds()));
    }
    slowest(s, r.altoCompletion(), max, y0, 32, ALTO, "ALTO slowest");
    slowest(s, r.vanillaCompletion(), max, y0, 46, VANILLA, "vanilla slowest");
    return s.toString();
  }

  /** A dashed line at a kind's slowest completion, labelled at its own height so two never overlap. */
  private static void slowest(Svg s, DemoReport.Tail t, double max, double y0, double labelY, String color,
      String label) {
    if (!Double.isNaN(t.slowest())) {
      double x = 60 + (W - 80) * t.slowest() / max;
      s.dashed(x, 16, x, y0, color).text(x - 4, labelY, "end", String.format(Locale.ROOT, "%s %.1f s", label,
          t.slowest()), color);
    }
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
    Svg s = new Svg(W, 80 + cell * (n + 1), "content bytes between PIDs, " + label);
    s.text(10, 16, "start", label + String.format(Locale.ROOT, " — %.0f %% of bytes crossed PIDs",
        100 * DemoReport.interPidShare(m)));
    s.text(120 + cell * n / 2.0, 32, "middle", "to PID (receiving peer)").text(20, 40 + cell * n / 2.0, "middle",
        "from PID (sender)", -90);
    for (int i = 0; i < n; i++) {
      s.text(110, 50 + cell * (i + 1) - cell / 3.0, "end", pids.get(i));
      s.text(120 + cell * i + cell / 2.0, 47, "middle", pids.get(i));
      for (int j = 0; j < n; j++) {
        int shade = (int) Math.round(255 - 200.0 * m[i][j] / max);
        s.rect(120 + cell * j, 50 + cell * i, cell - 1, cell - 1,
            String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade), pids.get(i) + " → " + pids.get(j) + ": " + m[i][j] + " bytes");
        s.text(120 + cell * j + cell / 2.0, 50 + cell * i + cell / 2.0 + 4, "middle", mib(m[i][j]), shade < 140 ? "#fff" : "#000");
      }
    }
    double y = 60 + cell * n;
    s.text(120, y + 14, "start", "MiB received; darker is more:").rect(300, y + 4, 12, 12, "rgb(255,255,255)", null)
        .text(316, y + 14, "start", "0").rect(340, y + 4, 12, 12, "rgb(55,55,255)", null)
        .text(356, y + 14, "start", mib(max));
    return s.toString();
  }

  private static String mib(long bytes) {
    double m = bytes / 1048576.0;
    return m == 0 ? "0" : m < 10 ? String.format(Locale.ROOT, "%.1f", m) : String.format(Locale.ROOT, "%.0f", m);
  }

  private static void axes(Svg s, double y0, String xMax, String yMax) {
    s.line(60, 10, 60, y0, "#444").line(60, y0, W - 20, y0, "#444")
        .text(W - 20, y0 + 14, "end", xMax).text(56, 20, "end", yMax).text(60, y0 + 14, "middle", "0");
  }
}
