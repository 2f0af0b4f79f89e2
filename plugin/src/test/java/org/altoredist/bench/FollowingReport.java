package org.altoredist.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@link FollowingFloors}' report: a row per minute, then each floor over the minutes after the first. */
final class FollowingReport {

  /** One client's samples, by minute. */
  private record Samples(long[] heap, int[] threads, long[] cpu, int[] finished, String done) {

    static Samples parse(List<String> lines, int minutes) {
      long[] heap = new long[minutes + 1];
      int[] threads = new int[minutes + 1];
      long[] cpu = new long[minutes + 1];
      int[] finished = new int[minutes + 1];
      Arrays.fill(cpu, -1);
      String done = "(no final line)";
      for (String l : lines) {
        String[] w = l.split(" ");
        if (w[0].equals("sample")) {
          int m = Integer.parseInt(w[1]);
          heap[m] = Long.parseLong(w[2]);
          threads[m] = Integer.parseInt(w[3]);
          cpu[m] = Long.parseLong(w[4]);
          finished[m] = Integer.parseInt(w[5]);
        } else if (w[0].equals("done")) {
          done = l.substring(5);
        }
      }
      for (int m = 0; m <= minutes; m++) {
        if (cpu[m] < 0) {
          throw new IllegalStateException("a client gave no sample for minute " + m + ": " + lines);
        }
      }
      return new Samples(heap, threads, cpu, finished, done);
    }

    /** Share of one core spent from minute {@code from} to {@code to}, in percent. */
    double cpuPercent(int from, int to) {
      return (cpu[to] - cpu[from]) / ((to - from) * 60e9) * 100;
    }

    long maxHeap(int from) {
      return Arrays.stream(heap, from, heap.length).max().orElseThrow();
    }

    int minThreads(int from) {
      return Arrays.stream(threads, from, threads.length).min().orElseThrow();
    }

    int maxThreads(int from) {
      return Arrays.stream(threads, from, threads.length).max().orElseThrow();
    }
  }

  private FollowingReport() {}

  static void print(int minutes, int rate, List<String> pluginLines, List<String> vanillaLines, String loadBefore,
      String loadAfter) {
    Samples p = Samples.parse(pluginLines, minutes);
    Samples v = Samples.parse(vanillaLines, minutes);
    System.out.printf(Locale.ROOT, "%n### %d torrents for %d minutes (seeders at %d KiB/s each)%n%n",
        FollowingFloors.TORRENTS, minutes, rate / 1024);
    System.out.println("| minute | heap MB plugin / vanilla | threads plugin / vanilla | CPU % of one core plugin"
        + " / vanilla | difference | finished plugin / vanilla |");
    System.out.println("|---|---|---|---|---|---|");
    List<Double> diffs = new ArrayList<>();
    for (int m = 0; m <= minutes; m++) {
      String cpu = "";
      String diff = "";
      if (m > 0) {
        double pc = p.cpuPercent(m - 1, m);
        double vc = v.cpuPercent(m - 1, m);
        cpu = String.format(Locale.ROOT, "%.2f / %.2f", pc, vc);
        diff = String.format(Locale.ROOT, "%+.2f", pc - vc);
        if (m > 1) {
          diffs.add(pc - vc);
        }
      }
      System.out.printf(Locale.ROOT, "| %d | %.2f / %.2f | %d / %d | %s | %s | %d / %d |%n", m, mb(p.heap[m]),
          mb(v.heap[m]), p.threads[m], v.threads[m], cpu, diff, p.finished[m], v.finished[m]);
    }
    int from = 1;
    double growth = mb(p.heap[minutes] - p.heap[from]);
    double peak = mb(p.maxHeap(from) - p.heap[from]);
    double pAvg = p.cpuPercent(from, minutes);
    double vAvg = v.cpuPercent(from, minutes);
    double[] sorted = diffs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%nOver minutes %d to %d (minute 0 to 1 is warm-up):%n%n", from, minutes);
    System.out.printf(Locale.ROOT, "- heap after a full GC, plugin: %.2f MB at minute %d, %.2f MB at the end, growth"
        + " %+.2f MB, highest %+.2f MB (floor: growth ≤ 5 MB: %s); vanilla %.2f → %.2f MB (%+.2f MB)%n",
        mb(p.heap[from]), from, mb(p.heap[minutes]), growth, peak, growth <= 5 ? "met" : "MISSED", mb(v.heap[from]),
        mb(v.heap[minutes]), mb(v.heap[minutes] - v.heap[from]));
    System.out.printf(Locale.ROOT, "- threads, plugin: %d at minute %d, %d at the end, between %d and %d (floor:"
        + " constant: %s); vanilla between %d and %d%n", p.threads[from], from, p.threads[minutes],
        p.minThreads(from), p.maxThreads(from), p.minThreads(from) == p.maxThreads(from) ? "met" : "MISSED",
        v.minThreads(from), v.maxThreads(from));
    System.out.printf(Locale.ROOT, "- CPU, share of one core on average: plugin client %.2f %%, vanilla client %.2f %%,"
        + " the plugin's difference %.2f %% (floor: under 2 %%: %s); per minute, the difference's median %.2f %%,"
        + " p90 %.2f %%, worst %.2f %%%n", pAvg, vAvg, pAvg - vAvg, pAvg - vAvg < 2 ? "met" : "MISSED",
        quantile(sorted, 0.5), quantile(sorted, 0.9), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
    System.out.printf(Locale.ROOT, "- the plugin client's listener heard: %s%n", p.done);
    System.out.printf(Locale.ROOT, "- load average (/proc/loadavg) before: %s; after: %s%n", loadBefore, loadAfter);
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }
}
