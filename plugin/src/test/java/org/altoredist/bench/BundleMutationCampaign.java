package org.altoredist.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.altoredist.alto.VersionTag;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Pki;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;

/**
 * Issue 13's mutation campaign, rerun on demand: seeded random mutations of two valid bundles
 * (Ed25519 with one certificate; P-256 through an intermediate), each fed to a verifier that
 * trusts the signer by its CA and to one that trusts it by a pin. A mutated copy that verifies is
 * a second byte string for one signed resource; anything thrown but a VerificationException is a
 * crash. Prints the counts; exits 1 if either is not zero.
 *
 * <pre>
 * mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.BundleMutationCampaign -Dbench=20000
 * </pre>
 */
public final class BundleMutationCampaign {

  private static final String SERVICE = "https://alto.example.com/directory";
  private static final String BODY = "{\"meta\":{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"t1\"}},"
      + "\"network-map\":{\"PID1\":{\"ipv4\":[\"192.0.2.0/24\",\"198.51.100.0/25\"]},"
      + "\"PID2\":{\"ipv4\":[\"0.0.0.0/0\"],\"ipv6\":[\"::/0\"]}}}\n";

  public static void main(String[] args) {
    // -Dbench=N sets the number of copies; the bench profile passes ".*" when it is not given.
    int copies = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 20_000;
    long seed = 1;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    Descriptor d = new Descriptor(SERVICE, "nm", "application/alto-networkmap+json", "https://alto.example.com/nm",
        new VersionTag("nm", "t1"), List.of(), null, 1, now, now.plusSeconds(3600), RedistributionScope.SERVICE);
    byte[] body = BODY.getBytes(US_ASCII);

    Map<String, long[]> outcomes = new TreeMap<>();
    long accepted = 0;
    long crashed = 0;
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      KeyPair ca = Pki.generateKeyPair(alg);
      X509Certificate caCert = Pki.rootCa(ca, "campaign CA", now.minusSeconds(60), now.plusSeconds(86400), BigInteger.ONE);
      KeyPair mid = Pki.generateKeyPair(alg);
      X509Certificate midCert = Pki.intermediateCa(ca.getPrivate(), caCert, mid.getPublic(), "campaign intermediate",
          now.minusSeconds(60), now.plusSeconds(86400), BigInteger.TWO);
      KeyPair server = Pki.generateKeyPair(alg);
      boolean viaIntermediate = alg == SignatureAlgorithm.ECDSA_P256;
      X509Certificate serverCert = Pki.server((viaIntermediate ? mid : ca).getPrivate(), viaIntermediate ? midCert : caCert,
          server.getPublic(), "alto.example.com", now.minusSeconds(60), now.plusSeconds(86400), BigInteger.valueOf(3));
      byte[] bundle = new ResourceSigner(server.getPrivate(),
          viaIntermediate ? List.of(serverCert, midCert) : List.of(serverCert)).sign(body, d, now).encoded();
      List<ResourceVerifier> verifiers = List.of(
          new ResourceVerifier(TrustPolicy.forService(SERVICE).anchor(caCert).clock(clock).build()),
          new ResourceVerifier(TrustPolicy.forService(SERVICE).pin(TrustPolicy.pinOf(serverCert)).clock(clock).build()));
      SplittableRandom random = new SplittableRandom(seed * 31 + alg.ordinal());
      for (int i = 0; i < copies / 2; i++) {
        byte[] m;
        do {
          m = mutate(bundle, random); // edits can cancel out; only a changed copy counts
        } while (Arrays.equals(m, bundle));
        for (ResourceVerifier v : verifiers) {
          try {
            v.verify(m, Expectation.fromPeer(null));
            accepted++;
            int at = Arrays.mismatch(bundle, m);
            System.out.println("ACCEPTED " + alg + " copy " + i + ": first change at byte " + at + " of " + bundle.length
                + ", " + HexFormat.of().formatHex(m, Math.max(0, at - 8), Math.min(m.length, at + 8)));
          } catch (VerificationException e) {
            outcomes.computeIfAbsent(e.reason().name(), k -> new long[1])[0]++;
          } catch (RuntimeException e) {
            crashed++;
            e.printStackTrace();
          }
        }
      }
    }
    System.out.printf("%d mutated copies, %d verifications: %d accepted, %d crashed%n", copies, copies * 2L, accepted,
        crashed);
    outcomes.forEach((reason, n) -> System.out.printf("  %-26s %d%n", reason, n[0]));
    System.exit(accepted == 0 && crashed == 0 ? 0 : 1);
  }

  /** One to three random edits: a bit flip, a byte set, a byte ±1, an insertion, a deletion, an ASCII case swap. */
  private static byte[] mutate(byte[] b, SplittableRandom r) {
    byte[] m = b.clone();
    for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
      int at = r.nextInt(m.length);
      switch (r.nextInt(6)) {
        case 0 -> m[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> m[at] = (byte) r.nextInt(256);
        case 2 -> m[at] += r.nextBoolean() ? 1 : -1;
        case 3 -> {
          byte[] n = new byte[m.length + 1];
          System.arraycopy(m, 0, n, 0, at);
          n[at] = (byte) r.nextInt(256);
          System.arraycopy(m, at, n, at + 1, m.length - at);
          m = n;
        }
        case 4 -> {
          byte[] n = new byte[m.length - 1];
          System.arraycopy(m, 0, n, 0, at);
          System.arraycopy(m, at + 1, n, at, m.length - at - 1);
          m = n;
        }
        default -> {
          int c = m[at] & 0xff;
          m[at] = (byte) (Character.isLetter(c) && c < 128 ? c ^ 0x20 : c ^ 1);
        }
      }
    }
    return m;
  }
}
