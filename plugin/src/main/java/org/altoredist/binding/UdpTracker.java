package org.altoredist.binding;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.altoredist.binding.TrackerException.Failure;

/**
 * Announces to UDP trackers (BEP 15): connect, then announce, each a request matched to its answer
 * by a random transaction id and resent after 15·2^n seconds. BEP 15 goes on to n = 8 (over an
 * hour); this client stops when the announce's deadline passes and lets the next announce round
 * retry, so a dead tracker holds a thread for one deadline, not an hour.
 *
 * <p>A refusal comes as BEP 15's error answer, or, from opentracker with a whitelist, as an
 * announce answer of 8 bytes: the header cut after the transaction id, with no interval and no
 * peers. Both end the asking for that key; any other short answer is malformed.
 */
final class UdpTracker implements TrackerClient {

  /** BEP 15's magic constant, the protocol id of a connect request. */
  private static final long PROTOCOL_ID = 0x41727101980L;
  private static final int CONNECT = 0;
  private static final int ANNOUNCE = 1;
  private static final int ERROR = 3;
  /** An announce request's fixed size (BEP 15), the IPv4 form. */
  private static final int ANNOUNCE_BYTES = 98;
  /** An announce answer's header: action, transaction id, interval, leechers, seeders. */
  private static final int ANNOUNCE_HEADER = 20;
  /**
   * The largest datagram read: a UDP tracker answers {@code num_want} peers, and 64 KiB (the most a
   * UDP datagram carries) holds more than 10,000 of them, so nothing longer can arrive anyway.
   */
  static final int MAX_DATAGRAM_BYTES = 64 * 1024;

  private final SecureRandom random = new SecureRandom();
  private final Duration firstTimeout;

  /** {@code firstTimeout} is BEP 15's 15 s; tests shorten it. */
  UdpTracker(Duration firstTimeout) {
    this.firstTimeout = firstTimeout;
  }

  @Override
  public TrackerReply announce(URI tracker, Announce a, Duration deadline) throws TrackerException {
    if (!"udp".equals(tracker.getScheme() == null ? null : tracker.getScheme().toLowerCase(Locale.ROOT))
        || tracker.getHost() == null || tracker.getPort() <= 0) {
      throw new TrackerException(Failure.UNSUPPORTED, "not a udp://host:port tracker URL");
    }
    InetSocketAddress to = new InetSocketAddress(tracker.getHost(), tracker.getPort());
    if (to.isUnresolved()) {
      throw new TrackerException(Failure.UNREACHABLE, "unknown host");
    }
    long end = System.nanoTime() + deadline.toNanos();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a.self().getAddress(), 0))) {
      s.connect(to);
      ByteBuffer connected = exchange(s, connectRequest(), CONNECT, end);
      if (connected.getInt(0) == ERROR) {
        // An error before any info-hash was sent says nothing about the key: retry later.
        throw new TrackerException(Failure.UNREACHABLE, "connect refused: " + message(connected));
      }
      if (connected.remaining() < 16) {
        throw new TrackerException(Failure.MALFORMED, "a connect answer of " + connected.remaining() + " bytes");
      }
      long connectionId = connected.getLong(8);
      ByteBuffer answer = exchange(s, announceRequest(connectionId, a), ANNOUNCE, end);
      return announced(answer, to.getAddress() instanceof Inet6Address ? 18 : 6);
    } catch (IOException e) {
      throw new TrackerException(Failure.UNREACHABLE, e.toString(), e);
    }
  }

  private ByteBuffer connectRequest() {
    return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(CONNECT).putInt(0);
  }

  private ByteBuffer announceRequest(long connectionId, Announce a) {
    ByteBuffer b = ByteBuffer.allocate(ANNOUNCE_BYTES).putLong(connectionId).putInt(ANNOUNCE).putInt(0)
        .put(a.infoHash()).put(a.peerId())
        // downloaded, left, uploaded: a leecher for the reason HttpTracker gives
        .putLong(0).putLong(1).putLong(0)
        .putInt(a.event().udp).putInt(0).putInt(random.nextInt()).putInt(HttpTracker.NUMWANT);
    return b.putShort((short) a.self().getPort());
  }

  /**
   * Sends {@code request} with a fresh transaction id (bytes 12..16 of every request) until an
   * answer with that id arrives, waiting 15·2^n seconds after the n-th send.
   */
  private ByteBuffer exchange(DatagramSocket s, ByteBuffer request, int action, long end)
      throws IOException, TrackerException {
    int transaction = random.nextInt();
    byte[] out = request.putInt(12, transaction).array();
    byte[] in = new byte[MAX_DATAGRAM_BYTES];
    for (int n = 0; ; n++) {
      s.send(new DatagramPacket(out, out.length));
      long resendAt = System.nanoTime() + firstTimeout.toNanos() * (1L << Math.min(n, 8));
      while (true) {
        long waitUntil = Math.min(resendAt, end);
        long millis = (waitUntil - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
          if (waitUntil == end) {
            throw new TrackerException(Failure.TIMEOUT, "no answer after " + (n + 1) + " tries");
          }
          break;
        }
        s.setSoTimeout((int) millis);
        DatagramPacket p = new DatagramPacket(in, in.length);
        try {
          s.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(in, p.getLength()));
        if (b.remaining() < 8 || b.getInt(4) != transaction) {
          continue; // a late answer to an earlier send, or noise: not ours
        }
        int got = b.getInt(0);
        if (got == ERROR) {
          return b;
        }
        if (got != action) {
          throw new TrackerException(Failure.MALFORMED, "action " + got + " in answer to " + action);
        }
        return b;
      }
    }
  }

  /** An announce answer; {@code size} is 6 over IPv4 and 18 over IPv6 (BEP 15's peers follow the announce's family). */
  private static TrackerReply announced(ByteBuffer b, int size) throws TrackerException {
    if (b.getInt(0) == ERROR) {
      return new TrackerReply.Refused(message(b));
    }
    if (b.remaining() == 8) {
      // opentracker's only "no" over UDP: an announce answer cut after the transaction id, where
      // over HTTP it sends "not authorized" as the failure reason.
      return new TrackerReply.Refused("an empty announce answer (opentracker's refusal of an info-hash it does not serve)");
    }
    if (b.remaining() < ANNOUNCE_HEADER) {
      throw new TrackerException(Failure.MALFORMED, "an announce answer of " + b.remaining() + " bytes");
    }
    int interval = b.getInt(8);
    if (interval <= 0) {
      throw new TrackerException(Failure.MALFORMED, "interval " + interval);
    }
    List<InetSocketAddress> peers = new ArrayList<>();
    TrackerResponse.compact(Arrays.copyOfRange(b.array(), ANNOUNCE_HEADER, b.limit()), size, peers);
    return new TrackerReply.Peers(peers, Duration.ofSeconds(interval), null);
  }

  private static String message(ByteBuffer error) {
    byte[] text = Arrays.copyOfRange(error.array(), 8, error.limit());
    return TrackerResponse.printable(new String(text, StandardCharsets.UTF_8));
  }
}
