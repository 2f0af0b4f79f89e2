package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * tcpdump on the loopback interface, writing every IPv4 packet of the test network to a pcap file:
 * what the peers really sent, byte for byte, rather than what the plugin says it sent. Needs
 * tcpdump (Debian's package, installed by .ci/run) and the right to capture (root, or
 * CAP_NET_RAW).
 */
public final class PacketCapture implements AutoCloseable {

  public static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");
  private static final Pattern DROPPED = Pattern.compile("(\\d+) packets dropped by kernel");

  private final ManagedProcess process;
  private final Path file;

  private PacketCapture(ManagedProcess process, Path file) {
    this.process = process;
    this.file = file;
  }

  public static boolean available() {
    return Files.isExecutable(TCPDUMP);
  }

  /**
   * Starts capturing on lo into {@code dir}/lo.pcap every IPv4 packet to or from {@code hosts},
   * and returns once tcpdump listens. The kernel filters (the machine's loopback also carries
   * whatever else runs on it), packets are written one by one (-U) and whole (-s 0), and a large
   * kernel buffer (-B, in KiB) absorbs the bursts of a content transfer.
   */
  public static PacketCapture start(Path dir, List<InetAddress> hosts) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("lo.pcap");
    String filter = hosts.stream().map(h -> "host " + h.getHostAddress()).collect(Collectors.joining(" or "));
    // -Z root: tcpdump would otherwise switch to its own user, who cannot write into the test's directory.
    ManagedProcess p = ManagedProcess.start("tcpdump", dir, List.of(TCPDUMP.toString(), "-i", "lo", "-n", "-U",
        "-s", "0", "-B", "32768", "-Z", "root", "-w", file.toString(), "ip and (" + filter + ")"));
    PacketCapture c = new PacketCapture(p, file);
    Await.until("tcpdump listens on lo", Duration.ofSeconds(20),
        () -> !p.alive() || p.logTail().contains("listening on lo"), p::logTail);
    if (!p.alive()) {
      throw new IllegalStateException("tcpdump could not capture on lo:\n" + p.logTail());
    }
    return c;
  }

  /** Stops the capture and reads what it wrote; fails if the kernel dropped any packet. */
  public Pcap.Capture stop() throws IOException {
    process.close();
    Matcher m = DROPPED.matcher(process.logTail());
    if (!m.find()) {
      throw new IllegalStateException("tcpdump did not report its totals:\n" + process.logTail());
    }
    if (Long.parseLong(m.group(1)) > 0) {
      throw new IllegalStateException("the capture is incomplete, so it cannot show what was sent:\n" + process.logTail());
    }
    return Pcap.read(file);
  }

  public String diagnostics() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}
