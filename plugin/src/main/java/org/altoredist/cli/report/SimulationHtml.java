package org.altoredist.cli.report;

import java.util.List;
import java.util.Locale;
import org.altoredist.engine.sim.SimulationResult;

/**
 * A simulation run as one self-contained HTML page, like the demo's: the setup, the floors, a table
 * per version and three SVG charts (nodes online and holding the newest version over time, each
 * version's propagation through the nodes online when it came out, ALTO-server requests over time
 * with and without redistribution). No scripts, no external files.
 */
public final class SimulationHtml {

  private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};
  private static final String BASELINE = "#ff7f0e";
  private static final String ONLINE = "#888888";
  private static final int W = 720;
  private static final int LEFT = 70;
  private static final int H = 240;

  private SimulationHtml() {}

  public static String render(SimulationResult r, List<SimulationFloors.Floor> floors) {
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>altoredist simulation</title>")
        .append("<style>body{font-family:sans-serif;max-width:800px;margin:2em auto}td,th{padding:2px 6px;")
        .append("text-align:right;font-size:13px}th:first-child,td:first-child{text-align:left}.missed{color:#c00}")
        .append("</style></head><body><h1>altoredist simulation</h1><p>").append(Svg.escape(SimulationText.setup(r)))
        .append("</p><h2>Floors</h2><table>");
    for (SimulationFloors.Floor f : floors) {
      h.append("<tr><td>").append(Svg.escape(f.floor())).append("</td><td").append(f.met() ? ">met" : " class=\"missed\">MISSED")
          .append("</td><td>").append(Svg.escape(f.measured())).append("</td></tr>");
    }
    h.append("</table><h2>Versions</h2>").append(versions(r));
    h.append("<h2>Nodes over time</h2><p>Online, and holding the newest version, by minutes of virtual time; the"
        + " ticks on the time axis are publications, where the holders start again from none.</p>").append(overTime(r));
    h.append("<h2>Propagation</h2><p>Share of the nodes online when a version came out (and still online) that hold"
        + " it, by rounds since its publication; the dashed line is 99 %, the mark on the axis 2 log2(N).</p>")
        .append(propagation(r));
    h.append("<h2>ALTO-server load</h2><p>Requests so far, on a logarithmic scale: with redistribution (blue), and"
        + " when every node fetches each version it needs itself (orange).</p>").append(serverLoad(r));
    return h.append("</body></html>\n").toString();
  }

  private static String versions(SimulationResult r) {
    StringBuilder t = new StringBuilder("<table><tr><th>version</th><th>out at</th><th>cohort</th><th>rounds to 99 %"
        + "</th><th>to 100 %</th><th>bound</th><th>joiners</th><th>join to held (median / p99 / max)</th>"
        + "<th>server requests</th><th>isolated nodes</th><th>baseline</th><th>bytes / size</th>"
        + "<th>wire bytes per node / network map (median / p90 / worst)</th></tr>");
    for (SimulationResult.Version v : r.versions()) {
      t.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%.1f</td>"
          + "<td>%d</td><td>%s</td><td>%d + %d</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>", v.version(),
          SimulationText.clock(v.publishedRound(), r.setup().roundMillis()), v.cohort(),
          SimulationText.rounds(v.rounds99()), SimulationText.rounds(v.roundsToAll()), v.roundBound(), v.joiners(),
          v.joinersServed() == 0 ? "-" : v.joinerMedianRounds() + " / " + v.joinerP99Rounds() + " / "
              + v.joinerMaxRounds(), v.seederRequests(), v.fallbackRequests(), v.fallbackNodes(),
          v.baselineRequests(), Double.isNaN(v.bytesRatio()) ? "-" : String.format(Locale.ROOT, "%.3f", v.bytesRatio()),
          SimulationText.perNode(v)));
    }
    return t.append("</table>").toString();
  }

  private static String overTime(SimulationResult r) {
    SimulationResult.Series s = r.series();
    int n = s.startRound().length;
    double maxY = 1;
    for (int i = 0; i < n; i++) {
      maxY = Math.max(maxY, s.online()[i]);
    }
    double maxX = minutes(r, lastRound(r));
    Svg svg = new Svg(W, H + 30, "nodes online and holding the newest version over time");
    axes(svg, String.format(Locale.ROOT, "%.1f min", maxX), String.format(Locale.ROOT, "%,d", (long) maxY));
    double[] xs = new double[n];
    double[] on = new double[n];
    double[] held = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = x(minutes(r, s.startRound()[i] + s.bucketRounds()), maxX);
      on[i] = y(s.online()[i], maxY);
      held[i] = y(s.holdersOfNewest()[i], maxY);
    }
    svg.polyline(xs, on, ONLINE).polyline(xs, held, COLORS[0])
        .text(W - 24, 24, "end", "online").rect(W - 20, 15, 10, 10, ONLINE, null)
        .text(W - 24, 38, "end", "holding the newest version").rect(W - 20, 29, 10, 10, COLORS[0], null);
    for (SimulationResult.Version v : r.versions()) {
      double px = x(minutes(r, v.publishedRound()), maxX);
      svg.line(px, H, px, H + 6, "#000").text(px, H + 18, "middle", "v" + v.version());
    }
    return svg.toString();
  }

  private static String propagation(SimulationResult r) {
    // Wide enough for every version's 99 % and twice the bound; the long tails to 100 % run off the edge.
    double bound = 0;
    long reached = 1;
    for (SimulationResult.Version v : r.versions()) {
      bound = Math.max(bound, v.roundBound());
      reached = Math.max(reached, v.rounds99());
    }
    double maxX = Math.max(2 * Math.ceil(bound), reached + 10);
    Svg svg = new Svg(W, H + 30, "share of each version's cohort holding it, by rounds since publication");
    axes(svg, String.format(Locale.ROOT, "%d rounds", (long) maxX), "100 %");
    double y99 = y(0.99, 1);
    for (double x = LEFT; x < W - 20; x += 8) {
      svg.line(x, y99, Math.min(x + 4, W - 20), y99, "#999");
    }
    svg.line(x(bound, maxX), H, x(bound, maxX), H + 6, "#000").text(x(bound, maxX), H + 18, "middle", "2 log2(N)");
    int k = 0;
    for (SimulationResult.Version v : r.versions()) {
      List<Double> c = v.curve();
      int points = (int) Math.min(c.size(), maxX);
      double[] xs = new double[points + 1];
      double[] ys = new double[points + 1];
      xs[0] = x(0, maxX);
      ys[0] = y(0, 1);
      for (int i = 0; i < points; i++) {
        xs[i + 1] = x(i + 1, maxX);
        ys[i + 1] = y(c.get(i), 1);
      }
      String color = COLORS[k++ % COLORS.length];
      svg.polyline(xs, ys, color).text(W - 24, 24 + 14 * k, "end", "version " + v.version());
      svg.rect(W - 20, 15 + 14 * k, 10, 10, color, null);
    }
    return svg.toString();
  }

  private static String serverLoad(SimulationResult r) {
    SimulationResult.Series s = r.series();
    int n = s.startRound().length;
    double[] with = new double[n + 1];
    double[] without = new double[n + 1];
    for (int i = 0; i < n; i++) {
      with[i + 1] = with[i] + s.serverRequests()[i];
      without[i + 1] = without[i] + s.baselineRequests()[i];
    }
    double logMax = Math.log10(Math.max(10, Math.max(with[n], without[n])) + 1);
    double maxX = minutes(r, lastRound(r));
    Svg svg = new Svg(W, H + 30, "ALTO-server requests so far, with and without redistribution");
    axes(svg, String.format(Locale.ROOT, "%.1f min", maxX), "");
    for (int decade = 0; decade <= logMax; decade++) {
      double yy = logY(Math.pow(10, decade) - 1, logMax);
      svg.line(LEFT - 4, yy, LEFT, yy, "#444").text(LEFT - 6, yy + 4, "end", String.format(Locale.ROOT, "%,d",
          (long) Math.pow(10, decade)));
    }
    double[] xs = new double[n + 1];
    double[] yWith = new double[n + 1];
    double[] yWithout = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      xs[i] = x(minutes(r, i == 0 ? 0 : s.startRound()[i - 1] + s.bucketRounds()), maxX);
      yWith[i] = logY(with[i], logMax);
      yWithout[i] = logY(without[i], logMax);
    }
    svg.polyline(xs, yWithout, BASELINE).polyline(xs, yWith, COLORS[0])
        .text(W - 24, logY(without[n], logMax) + 16, "end", String.format(Locale.ROOT, "%,d without", (long) without[n]))
        .text(W - 24, logY(with[n], logMax) - 6, "end", String.format(Locale.ROOT, "%,d with", (long) with[n]));
    return svg.toString();
  }

  /** Height of {@code value} on a logarithmic axis from 1 to 10^logMax (value + 1, so that 0 sits on the axis). */
  private static double logY(double value, double logMax) {
    return H - (H - 10) * Math.log10(value + 1) / logMax;
  }

  private static int lastRound(SimulationResult r) {
    SimulationResult.Series s = r.series();
    int n = s.startRound().length;
    return n == 0 ? 1 : s.startRound()[n - 1] + s.bucketRounds();
  }

  private static double minutes(SimulationResult r, long round) {
    return round * r.setup().roundMillis() / 60_000.0;
  }

  private static double x(double value, double max) {
    return LEFT + (W - 20 - LEFT) * value / Math.max(max, 1e-9);
  }

  private static double y(double value, double max) {
    return H - (H - 10) * value / Math.max(max, 1e-9);
  }

  private static void axes(Svg s, String xMax, String yMax) {
    s.line(LEFT, 10, LEFT, H, "#444").line(LEFT, H, W - 20, H, "#444")
        .text(W - 20, H + 28, "end", xMax).text(LEFT - 6, 20, "end", yMax).text(LEFT, H + 28, "middle", "0");
  }
}
