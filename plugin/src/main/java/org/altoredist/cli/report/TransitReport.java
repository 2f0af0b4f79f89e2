package org.altoredist.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * The demo with scarce transit: the same swarm run twice, every peer vanilla and then every peer
 * running the plugin, each PID's traffic to other PIDs shaped to the same rate. What steering is
 * for shows here: completion (every downloader, median, p90 and slowest) and the bytes that crossed PIDs,
 * side by side, with their ratios.
 *
 * @param transitMbit each PID's transit rate toward the other PIDs, Mbit/s
 * @param vanilla the run with every peer vanilla (the seeder too)
 * @param plugin the run with every peer running the plugin
 * @param all the plugin run's completion over every downloader, beside {@code vanillaAll}
 * @param vanillaAll the vanilla run's
 */
public record TransitReport(int transitMbit, DemoReport vanilla, DemoReport plugin, DemoReport.Tail all,
    DemoReport.Tail vanillaAll) {

  public static TransitReport of(int transitMbit, DemoReport vanilla, DemoReport plugin) {
    return new TransitReport(transitMbit, vanilla, plugin, DemoReport.Tail.of(plugin.peers()),
        DemoReport.Tail.of(vanilla.peers()));
  }

  /** Plugin-on completion over all-vanilla completion: median, p90, slowest. */
  public double[] completionRatios() {
    return new double[] {all.median() / vanillaAll.median(), all.p90() / vanillaAll.p90(),
        all.slowest() / vanillaAll.slowest()};
  }

  /** Bytes crossing PIDs, plugin on over all vanilla. */
  public double interPidRatio() {
    return (double) plugin.interPidBytes() / vanilla.interPidBytes();
  }

  /** The side-by-side table for the terminal. */
  public String render() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "The same swarm twice, each PID's transit to the other PIDs shaped to %d Mbit/s:%n  %s%n%n", transitMbit,
        plugin.title()));
    List<String[]> rows = List.of(
        new String[] {"", "every peer vanilla", "every peer ALTO", "ratio"},
        row("completion, median", vanillaAll.median(), all.median()),
        row("completion, p90", vanillaAll.p90(), all.p90()),
        row("completion, slowest", vanillaAll.slowest(), all.slowest()),
        new String[] {"peers that completed", vanillaAll.completed() + " of " + vanillaAll.peers(),
            all.completed() + " of " + all.peers(), ""},
        new String[] {"content bytes crossing PIDs", mib(vanilla.interPidBytes()), mib(plugin.interPidBytes()),
            String.format(Locale.ROOT, "%.2f", interPidRatio())});
    for (String[] r : rows) {
      sb.append(String.format(Locale.ROOT, "  %-30s %20s %20s %8s%n", (Object[]) r));
    }
    sb.append(String.format(Locale.ROOT, "%n  plugin run, ALTO peers:    %s%n  plugin run, vanilla peers: %s%n",
        TextReport.tail(plugin.altoCompletion()), TextReport.tail(plugin.vanillaCompletion())));
    return sb.toString();
  }

  private static String[] row(String label, double vanilla, double plugin) {
    return new String[] {label, seconds(vanilla), seconds(plugin), String.format(Locale.ROOT, "%.2f", plugin / vanilla)};
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "not reached" : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }
}
