package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.altoredist.binding.TrackerException.Failure;
import org.altoredist.trust.Pki;
import org.altoredist.trust.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * An HTTPS tracker on loopback with a certificate from a test CA: the announce goes through TLS
 * from the endpoint's address, and a certificate the client does not trust, or one for another
 * host, fails the announce instead of being used.
 */
class HttpsTrackerTest {

  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.3", 6881);
  private static final char[] NO_PASSWORD = new char[0];

  @Test
  void announcesOverTlsToATrustedTrackerAndRefusesAnUntrustedOne() throws Exception {
    Instant now = Instant.now();
    KeyPair caKey = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
    X509Certificate ca = Pki.rootCa(caKey, "tracker test CA", now.minusSeconds(60), now.plusSeconds(3600), Pki.randomSerial());
    KeyPair serverKey = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
    X509Certificate cert = Pki.server(caKey.getPrivate(), ca, serverKey.getPublic(), "127.0.0.1", now.minusSeconds(60),
        now.plusSeconds(3600), Pki.randomSerial());

    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls(serverKey, cert, ca)));
    byte[] body = "d8:intervali900e5:peers6:\u007f\u0000\u0001\u0001\u001a\u00e1e".getBytes(StandardCharsets.ISO_8859_1);
    server.createContext("/announce", x -> {
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      TrackerClient.Announce a = new TrackerClient.Announce(new byte[20], new byte[20], SELF, TrackerClient.Event.STARTED);
      HttpTracker trusting = new HttpTracker(clientTrusting(ca));
      TrackerReply.Peers p = assertInstanceOf(TrackerReply.Peers.class,
          trusting.announce(URI.create("https://127.0.0.1:" + port + "/announce"), a, Duration.ofSeconds(5)));
      assertEquals(List.of(new InetSocketAddress("127.0.1.1", 6881)), p.peers());

      TrackerException untrusted = assertThrows(TrackerException.class, () -> new HttpTracker(
          (SSLSocketFactory) SSLSocketFactory.getDefault()).announce(URI.create("https://127.0.0.1:" + port + "/announce"),
          a, Duration.ofSeconds(5)));
      assertEquals(Failure.UNREACHABLE, untrusted.failure());
      TrackerException otherHost = assertThrows(TrackerException.class, () -> trusting.announce(
          URI.create("https://localhost:" + port + "/announce"), a, Duration.ofSeconds(5)));
      assertEquals(Failure.UNREACHABLE, otherHost.failure(), "a certificate for 127.0.0.1 does not name localhost");
    } finally {
      server.stop(0);
    }
  }

  private static SSLContext serverTls(KeyPair key, X509Certificate cert, X509Certificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("tracker", key.getPrivate(), NO_PASSWORD, new Certificate[] {cert, ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, NO_PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static SSLSocketFactory clientTrusting(X509Certificate ca) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }
}
