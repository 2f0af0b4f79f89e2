package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * The test network: host h in PID p is 127.0.p.h (Linux routes all of 127/8 to lo), matching the
 * example network map where 127.0.p.0/24 is pid-p. PID 0 (127.0.0.0/24) holds shared
 * infrastructure such as the tracker and falls into the map's default PID.
 */
public final class Loopback {

  private Loopback() {}

  public static InetAddress host(int pid, int h) {
    if (pid < 0 || pid > 255 || h < 1 || h > 254) {
      throw new IllegalArgumentException("no loopback host " + pid + "." + h);
    }
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, (byte) pid, (byte) h});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PID number of a loopback address (its third octet). */
  public static int pidOf(InetAddress a) {
    return a.getAddress()[2] & 0xff;
  }

  /** A TCP port free on {@code host} right now, for clients that must be told their port up front. */
  public static int freePort(InetAddress host) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + host.getHostAddress(), e);
    }
  }
}
