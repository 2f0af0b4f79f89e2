package org.altoredist.binding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.altoredist.binding.TrackerException.Failure;

/**
 * Announces to HTTP(S) trackers (BEP 3, compact answers per BEP 23) over HTTP/1.0.
 *
 * <p>Not the JDK's {@code HttpClient}: in Java 17 it cannot choose the source address (its
 * {@code localAddress} came in Java 19), and a tracker lists the source address of the announce.
 * The connection must leave from the address the endpoint listens on, as libtorrent's own
 * announces leave from its listen interface; otherwise a multi-homed host (and every test network
 * of {@code 127.0.p.h} hosts) would be listed where nothing listens. HTTP/1.0 with
 * {@code Connection: close} keeps the reading simple: no chunking, no keep-alive, the body ends
 * where the connection does.
 */
final class HttpTracker implements TrackerClient {

  /**
   * The most body read from a tracker: a compact answer to {@code numwant=50} is under 1 KiB, and a
   * tracker that ignores numwant still fits 10,000 peers in 64 KiB. Beyond that it is not an answer
   * this client needs, and reading it would let any tracker fill this client's memory.
   */
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** The most status line and headers read: a tracker's are a few hundred bytes. */
  static final int MAX_HEADER_BYTES = 8 * 1024;
  /** Peers asked for: BEP 3's customary 50; one reachable endpoint is enough to find the rest. */
  static final int NUMWANT = 50;

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
  /**
   * RFC 9112 §4: version, status code, and a reason of tabs, spaces, visible and obs-text
   * characters; a reason may hide a bare CR and a header after it, so anything else is no answer.
   * The space before an empty reason is optional, as most clients allow.
   */
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[0-9] ([0-9]{3})(?: [\\t\\x20-\\x7e\\x80-\\xff]*)?");

  private final SSLSocketFactory tls;

  /** {@code tls} opens https connections (the JDK's default trust unless a test gives its own). */
  HttpTracker(SSLSocketFactory tls) {
    this.tls = tls;
  }

  @Override
  public TrackerReply announce(URI tracker, Announce a, Duration deadline) throws TrackerException {
    String scheme = tracker.getScheme() == null ? "" : tracker.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !scheme.equals("http") || tracker.getHost() == null) {
      throw new TrackerException(Failure.UNSUPPORTED, "not an http(s) tracker URL");
    }
    int port = tracker.getPort() > 0 ? tracker.getPort() : https ? 443 : 80;
    long end = System.nanoTime() + deadline.toNanos();
    byte[] response;
    try (Socket plain = new Socket()) {
      plain.bind(new InetSocketAddress(a.self().getAddress(), 0));
      plain.connect(new InetSocketAddress(tracker.getHost(), port), remainingMillis(end));
      Socket s = https ? tls(plain, tracker.getHost(), port) : plain;
      try {
        s.setSoTimeout(remainingMillis(end));
        OutputStream out = s.getOutputStream();
        out.write(request(tracker, port, a).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        response = readBounded(s.getInputStream(), end, s);
      } finally {
        s.close();
      }
    } catch (SocketTimeoutException e) {
      throw new TrackerException(Failure.TIMEOUT, "no answer within " + deadline.toSeconds() + " s", e);
    } catch (UnknownHostException e) {
      throw new TrackerException(Failure.UNREACHABLE, "unknown host", e);
    } catch (IOException e) {
      throw new TrackerException(Failure.UNREACHABLE, e.toString(), e);
    }
    return TrackerResponse.parse(body(response));
  }

  /** The request: the announce URL's own query (a passkey, say) kept, ours appended. */
  static String request(URI tracker, int port, Announce a) {
    StringBuilder target = new StringBuilder(tracker.getRawPath() == null || tracker.getRawPath().isEmpty()
        ? "/" : tracker.getRawPath());
    target.append('?');
    if (tracker.getRawQuery() != null && !tracker.getRawQuery().isEmpty()) {
      target.append(tracker.getRawQuery()).append('&');
    }
    target.append("info_hash=").append(percent(a.infoHash()))
        .append("&peer_id=").append(percent(a.peerId()))
        .append("&port=").append(a.self().getPort())
        // Every endpoint announces as a leecher: trackers that spare seeders a list of seeders
        // (XBT, chihaya) would otherwise hand endpoints, which hold no content, nobody at all.
        .append("&uploaded=0&downloaded=0&left=1&compact=1&no_peer_id=1&numwant=").append(NUMWANT);
    if (a.event().http != null) {
      target.append("&event=").append(a.event().http);
    }
    String host = tracker.getHost() + (tracker.getPort() > 0 ? ":" + port : "");
    return "GET " + target + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: altoredist\r\n"
        + "Accept-Encoding: identity\r\nConnection: close\r\n\r\n";
  }

  /** Percent-encodes raw bytes, leaving RFC 3986's unreserved characters as they are. */
  static String percent(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    for (byte b : raw) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private Socket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket s = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /** Reads until the server closes, never more than the header and body limits, never past the deadline. */
  private static byte[] readBounded(InputStream in, long end, Socket s) throws IOException, TrackerException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int limit = MAX_HEADER_BYTES + MAX_BODY_BYTES;
    while (true) {
      s.setSoTimeout(remainingMillis(end));
      int n = in.read(buf, 0, Math.min(buf.length, limit + 1 - all.size()));
      if (n < 0) {
        return all.toByteArray();
      }
      all.write(buf, 0, n);
      if (all.size() > limit) {
        throw new TrackerException(Failure.TOO_LARGE, "answer over " + limit + " bytes");
      }
    }
  }

  /** Checks the status line and the body's size, and returns the body. */
  static byte[] body(byte[] response) throws TrackerException {
    int split = indexOf(response, HEADER_END);
    if (split < 0 || split > MAX_HEADER_BYTES) {
      throw new TrackerException(split < 0 ? Failure.MALFORMED : Failure.TOO_LARGE, "no end of the HTTP headers");
    }
    String head = new String(response, 0, split, StandardCharsets.ISO_8859_1);
    Matcher status = STATUS_LINE.matcher(head.split("\r\n", 2)[0]);
    if (!status.matches()) {
      throw new TrackerException(Failure.MALFORMED, "not an HTTP/1.x status line");
    }
    if (!status.group(1).equals("200")) {
      throw new TrackerException(Failure.HTTP_STATUS, "HTTP status " + status.group(1));
    }
    if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding:")) {
      throw new TrackerException(Failure.MALFORMED, "a transfer encoding in an answer to HTTP/1.0");
    }
    byte[] body = Arrays.copyOfRange(response, split + HEADER_END.length, response.length);
    if (body.length > MAX_BODY_BYTES) {
      throw new TrackerException(Failure.TOO_LARGE, "body over " + MAX_BODY_BYTES + " bytes");
    }
    return body;
  }

  private static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    return -1;
  }

  private static int remainingMillis(long end) throws SocketTimeoutException {
    long left = (end - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
