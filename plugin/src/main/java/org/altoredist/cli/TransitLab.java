package org.altoredist.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace whose loopback has the demo's transit links: a loopback swarm has no scarce
 * link, so each PID's traffic to other PIDs is shaped to a rate while traffic inside a PID is not.
 * Linux routes all of 127/8 over {@code lo}, and every packet passes {@code lo}'s egress queue once:
 * an htb class per PID, fed by u32 filters on the source /24, holds what PID p sends to other PIDs
 * to the rate (its transit link's upstream), and a filter ahead of it sends same-PID traffic to an
 * unshaped class. Needs root; {@code netem} (delay) is not needed. {@link #close} deletes the
 * namespace, and its queues with it.
 */
final class TransitLab implements AutoCloseable {

  /** htb's quantum: one loopback packet (lo's MTU is 64 KiB), so a class sends whole packets per round. */
  private static final int QUANTUM = 65_536;
  /** Burst allowed above the rate: a few loopback packets, so a shaped link still moves 64 KiB frames. */
  private static final String BURST = "256k";
  private static final long COMMAND_SECONDS = 30;

  private final String name;

  private TransitLab(String name) {
    this.name = name;
  }

  /** Why this process cannot shape transit here, or null when it can. */
  static String refusal() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!Integer.valueOf(0).equals(uid)) {
        return "--transit-mbit needs root: it creates a network namespace and shapes its loopback with tc";
      }
    } catch (IOException | UnsupportedOperationException e) {
      return "--transit-mbit needs Linux (network namespaces and tc)";
    }
    for (String tool : List.of("ip", "tc")) {
      if (which(tool) == null) {
        return "--transit-mbit needs the " + tool + " command (Debian package iproute2)";
      }
    }
    return null;
  }

  /** Creates namespace {@code name} with PIDs 1..{@code pids} each sending at most {@code mbit} Mbit/s to other PIDs. */
  static TransitLab create(String name, int pids, int mbit) throws IOException, InterruptedException {
    TransitLab lab = new TransitLab(name);
    run("ip", "netns", "add", name);
    try {
      lab.in("ip", "link", "set", "lo", "up");
      lab.in("tc", "qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "1");
      lab.in("tc", "class", "add", "dev", "lo", "parent", "1:", "classid", "1:1", "htb", "rate", "100gbit",
          "quantum", String.valueOf(QUANTUM));
      for (int p = 1; p <= pids; p++) {
        String net = "127.0." + p + ".0/24";
        String transit = "1:" + Integer.toHexString(0x100 + p);
        lab.in("tc", "class", "add", "dev", "lo", "parent", "1:", "classid", transit, "htb", "rate", mbit + "mbit",
            "ceil", mbit + "mbit", "burst", BURST, "cburst", BURST, "quantum", String.valueOf(QUANTUM));
        lab.in("tc", "filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32",
            "match", "ip", "src", net, "match", "ip", "dst", net, "flowid", "1:1");
        lab.in("tc", "filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "2", "u32",
            "match", "ip", "src", net, "flowid", transit);
      }
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  /** {@code command}, run inside the namespace. */
  List<String> wrap(List<String> command) {
    List<String> c = new ArrayList<>(List.of(which("ip"), "netns", "exec", name));
    c.addAll(command);
    return c;
  }

  String name() {
    return name;
  }

  @Override
  public void close() {
    try {
      run("ip", "netns", "del", name);
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.err.println("could not delete network namespace " + name + ": " + e.getMessage());
    }
  }

  private void in(String... command) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
    c.addAll(List.of(command));
    run(c.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(command));
    c.set(0, which(c.get(0)));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": no answer in " + COMMAND_SECONDS + " s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
    }
  }

  /** The tool's path: PATH first, then the sbin directories a non-login root shell may lack. */
  private static String which(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return Path.of(d, tool).toString();
      }
    }
    return null;
  }
}
