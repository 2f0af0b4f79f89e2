package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.altoredist.alto.CostType;
import org.altoredist.alto.VersionTag;

/**
 * Builds every file of bep-extension-spec/vectors/signed/ from TEST-ONLY keys derived from names
 * ({@link TestKeys}), fixed names, serials and dates, and deterministic signatures, so that the
 * committed bytes can be rebuilt exactly. Run {@link #main} with the directory to rewrite them.
 */
final class SignedVectors {

  static final String SERVICE = "https://alto.example.com/directory";
  static final String HOST = "alto.example.com";
  static final Instant SIGNED_AT = Instant.parse("2025-06-01T00:00:00Z");
  static final Instant VERIFY_AT = Instant.parse("2025-06-02T00:00:00Z");
  static final Instant NOT_BEFORE = Instant.parse("2025-06-01T00:00:00Z");
  static final Instant EXPIRES = Instant.parse("2025-06-08T00:00:00Z");
  private static final Instant CERTS_FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant CA_UNTIL = Instant.parse("2035-01-01T00:00:00Z");
  private static final Instant SERVER_UNTIL = Instant.parse("2030-01-01T00:00:00Z");

  static final VersionTag NETWORK_MAP_VTAG = new VersionTag("my-default-network-map",
      "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785");

  /** RFC 7285 §11.2.1.7, the example network map, with the RFC's layout. */
  static final String NETWORK_MAP = """
      {
        "meta" : {
          "vtag": {
            "resource-id": "my-default-network-map",
            "tag": "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"
          }
        },
        "network-map" : {
          "PID1" : {
            "ipv4" : [
              "192.0.2.0/24",
              "198.51.100.0/25"
            ]
          },
          "PID2" : {
            "ipv4" : [
              "198.51.100.128/25"
            ]
          },
          "PID3" : {
            "ipv4" : [
              "0.0.0.0/0"
            ],
            "ipv6" : [
              "::/0"
            ]
          }
        }
      }
      """;

  /**
   * RFC 7285 §11.2.3.7, the example cost map, except that its dependent tag is the network map's
   * tag above: the RFC's two examples disagree (3ee2cb7e... vs da65eca2...).
   */
  static final String COST_MAP = """
      {
        "meta" : {
          "dependent-vtags" : [
            {
              "resource-id": "my-default-network-map",
              "tag": "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"
            }
          ],
          "cost-type" : {"cost-mode"  : "numerical",
                         "cost-metric": "routingcost"
          }
        },
        "cost-map" : {
          "PID1": { "PID1": 1,  "PID2": 5,  "PID3": 10 },
          "PID2": { "PID1": 5,  "PID2": 1,  "PID3": 15 },
          "PID3": { "PID1": 20, "PID2": 15  }
        }
      }
      """;

  final Map<String, byte[]> files = new TreeMap<>();
  private final List<VectorCase> cases = new ArrayList<>();
  private final Pkis pki = new Pkis();

  static SignedVectors build() {
    SignedVectors v = new SignedVectors();
    v.addAll();
    return v;
  }

  static Descriptor networkMapDescriptor(RedistributionScope scope) {
    return new Descriptor(SERVICE, "my-default-network-map", Descriptor.NETWORK_MAP,
        "https://alto.example.com/networkmap", NETWORK_MAP_VTAG, List.of(), null, 7, NOT_BEFORE, EXPIRES, scope);
  }

  static Descriptor costMapDescriptor() {
    return new Descriptor(SERVICE, "numerical-routing-cost-map", Descriptor.COST_MAP,
        "https://alto.example.com/costmap/num/routingcost", null, List.of(NETWORK_MAP_VTAG),
        new CostType("routingcost", "numerical"), 7, NOT_BEFORE, EXPIRES, RedistributionScope.SERVICE);
  }

  private void addAll() {
    byte[] nm = NETWORK_MAP.getBytes(US_ASCII);
    byte[] cm = COST_MAP.getBytes(US_ASCII);
    files.put("bodies/networkmap.json", nm);
    files.put("bodies/costmap.json", cm);
    pki.writeTo(files);

    ResourceSigner ed = new ResourceSigner(pki.serverEd.getPrivate(), List.of(pki.serverEdCert));
    ResourceSigner p256 = new ResourceSigner(pki.serverP.getPrivate(), List.of(pki.serverPCert, pki.intPCert));
    Descriptor nmd = networkMapDescriptor(RedistributionScope.SERVICE);
    byte[] nmSig = ed.signDetached(nm, nmd, SIGNED_AT);
    byte[] cmSig = p256.signDetached(cm, costMapDescriptor(), SIGNED_AT);
    byte[] nmBundle = SignedBundle.of(nmSig, nm).encoded();
    byte[] cmBundle = SignedBundle.of(cmSig, cm).encoded();
    pieces("networkmap-ed25519", nmd, nmSig);
    pieces("costmap-p256", costMapDescriptor(), cmSig);

    add(new VectorCase("networkmap-ed25519", VectorCase.VERIFIED, nmBundle,
        "RFC 7285 network map signed with Ed25519 by a server certificate issued by the Ed25519 test CA")
        .resource("my-default-network-map"));
    add(new VectorCase("costmap-p256", VectorCase.VERIFIED, cmBundle,
        "RFC 7285 cost map signed with ECDSA P-256 (RFC 6979) through an intermediate CA; depends on the held network map")
        .anchors("certs/ca-p256.pem").resource("numerical-routing-cost-map").dependsOn(NETWORK_MAP_VTAG));
    add(new VectorCase("networkmap-ed25519-pinned", VectorCase.VERIFIED, nmBundle,
        "the network map, trusted by a pin of the server key instead of a CA")
        .pins(TrustPolicy.pinOf(pki.serverEdCert)));
    BadBundles.addAll(this, pki, nm, nmSig, nmBundle, cmBundle);
    addReencodings(nm, nmSig, cm, cmSig);
  }

  /** One signed resource, one byte string (§3.1): each re-encoding of a valid signature is refused. */
  private void addReencodings(byte[] nm, byte[] nmSig, byte[] cm, byte[] cmSig) {
    String malformed = VerificationException.Reason.MALFORMED.name();
    add(new VectorCase("signeddata-version-3", malformed, SignedBundle.of(Reencodings.signedDataVersion(nmSig, 3), nm)
        .encoded(), "the network map with its SignedData version byte changed from 1 to 3"));
    add(new VectorCase("signerinfo-version-3", malformed, SignedBundle.of(Reencodings.signerInfoVersion(nmSig, 3), nm)
        .encoded(), "the network map with its SignerInfo version byte changed from 1 to 3 (sid unchanged)"));
    add(new VectorCase("sid-issuer-case", malformed, SignedBundle.of(Reencodings.sidIssuerCase(nmSig,
        "altoredist TEST-ONLY CA Ed25519"), nm).encoded(), "the sid's issuer name upper-cased: the same X.500 name "
        + "under case-insensitive matching, but not byte-equal to the signer certificate's issuer"));
    add(new VectorCase("unsigned-attribute", malformed, SignedBundle.of(Reencodings.unsignedAttribute(nmSig), nm)
        .encoded(), "an unsigned attribute added to the SignerInfo"));
    add(new VectorCase("digest-null-parameters", malformed, SignedBundle.of(Reencodings.digestNullParameters(nmSig), nm)
        .encoded(), "the SignerInfo's SHA-512 digest algorithm written with NULL parameters instead of none"));
    add(new VectorCase("extra-digest-algorithm", malformed, SignedBundle.of(Reencodings.extraDigestAlgorithm(nmSig), nm)
        .encoded(), "SHA-256 listed in digestAlgorithms beside the signer's SHA-512"));
    add(new VectorCase("extra-certificate", malformed, SignedBundle.of(Reencodings.extraCertificate(nmSig,
        pki.otherCaCert), nm).encoded(), "a certificate the signing-certificate-v2 attribute does not list, added "
        + "to the certificates field"));
    add(new VectorCase("ecdsa-high-s", malformed, SignedBundle.of(Reencodings.ecdsaHighS(cmSig), cm).encoded(),
        "the cost map's ECDSA signature (r, s) rewritten as (r, n - s), which verifies just the same")
        .anchors("certs/ca-p256.pem").resource("numerical-routing-cost-map"));
  }

  private void pieces(String name, Descriptor d, byte[] sig) {
    files.put("valid/" + name + "/descriptor.json", d.encode());
    files.put("valid/" + name + "/signature.der", sig);
  }

  void add(VectorCase c) {
    cases.add(c);
    files.put(c.bundleFile(), c.bundle);
  }

  byte[] indexJson() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("about", "Signed-resource test vectors (signed-resources.md §8). Keys under keys/ are TEST-ONLY.");
    root.put("descriptor-attribute-oid", SignedAttributes.DESCRIPTOR.getId());
    root.put("pieces", piecesJson());
    List<Object> list = new ArrayList<>();
    for (VectorCase c : cases) {
      list.add(c.toJson());
    }
    root.put("vectors", list);
    return VectorFiles.indexJson(root);
  }

  private List<Object> piecesJson() {
    List<Object> out = new ArrayList<>();
    for (String name : List.of("networkmap-ed25519", "costmap-p256")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("body", name.startsWith("networkmap") ? "bodies/networkmap.json" : "bodies/costmap.json");
      m.put("descriptor", "valid/" + name + "/descriptor.json");
      m.put("descriptor-text", new String(files.get("valid/" + name + "/descriptor.json"), US_ASCII));
      m.put("signature", "valid/" + name + "/signature.der");
      m.put("signature-hex", HexFormat.of().formatHex(files.get("valid/" + name + "/signature.der")));
      m.put("chain", name.startsWith("networkmap") ? List.of("certs/server-ed25519.pem")
          : List.of("certs/server-p256.pem", "certs/intermediate-p256.pem"));
      m.put("anchor", name.startsWith("networkmap") ? "certs/ca-ed25519.pem" : "certs/ca-p256.pem");
      out.add(m);
    }
    return out;
  }

  Map<String, byte[]> allFiles() throws IOException {
    Map<String, byte[]> all = new TreeMap<>(files);
    all.put("index.json", indexJson());
    return all;
  }

  /** Rewrites the vector directory given as the only argument. */
  public static void main(String[] args) throws IOException {
    VectorFiles.write(Path.of(args[0]), build().allFiles());
  }

  /** The test PKI: fixed keys, names, serials and validity periods. */
  static final class Pkis {
    final KeyPair caEd = TestKeys.of("ca-ed25519", SignatureAlgorithm.ED25519);
    final X509Certificate caEdCert = Pki.rootCa(caEd, "altoredist TEST-ONLY CA Ed25519", CERTS_FROM, CA_UNTIL, BigInteger.ONE);
    final KeyPair serverEd = TestKeys.of("server-ed25519", SignatureAlgorithm.ED25519);
    final X509Certificate serverEdCert = server(serverEd, HOST, 2, SERVER_UNTIL);
    final KeyPair caP = TestKeys.of("ca-p256", SignatureAlgorithm.ECDSA_P256);
    final X509Certificate caPCert = Pki.rootCa(caP, "altoredist TEST-ONLY CA P-256", CERTS_FROM, CA_UNTIL, BigInteger.ONE);
    final KeyPair intP = TestKeys.of("intermediate-p256", SignatureAlgorithm.ECDSA_P256);
    final X509Certificate intPCert = Pki.intermediateCa(caP.getPrivate(), caPCert, intP.getPublic(),
        "altoredist TEST-ONLY intermediate P-256", CERTS_FROM, CA_UNTIL, BigInteger.TWO);
    final KeyPair serverP = TestKeys.of("server-p256", SignatureAlgorithm.ECDSA_P256);
    final X509Certificate serverPCert = Pki.server(intP.getPrivate(), intPCert, serverP.getPublic(), HOST,
        CERTS_FROM, SERVER_UNTIL, BigInteger.valueOf(3));
    final KeyPair otherCa = TestKeys.of("other-ca-ed25519", SignatureAlgorithm.ED25519);
    final X509Certificate otherCaCert = Pki.rootCa(otherCa, "altoredist TEST-ONLY other CA", CERTS_FROM, CA_UNTIL,
        BigInteger.ONE);

    /** A server certificate from the Ed25519 test CA. */
    X509Certificate server(KeyPair key, String host, long serial, Instant until) {
      return Pki.server(caEd.getPrivate(), caEdCert, key.getPublic(), host, CERTS_FROM, until, BigInteger.valueOf(serial));
    }

    void writeTo(Map<String, byte[]> files) {
      cert(files, "ca-ed25519", caEdCert);
      cert(files, "server-ed25519", serverEdCert);
      cert(files, "ca-p256", caPCert);
      cert(files, "intermediate-p256", intPCert);
      cert(files, "server-p256", serverPCert);
      cert(files, "other-ca-ed25519", otherCaCert);
      key(files, "ca-ed25519", caEd);
      key(files, "server-ed25519", serverEd);
      key(files, "ca-p256", caP);
      key(files, "intermediate-p256", intP);
      key(files, "server-p256", serverP);
    }

    private static void cert(Map<String, byte[]> files, String name, X509Certificate c) {
      files.put("certs/" + name + ".pem", Pem.certificates(List.of(c)).getBytes(US_ASCII));
    }

    private static void key(Map<String, byte[]> files, String name, KeyPair k) {
      files.put("keys/TEST-ONLY-" + name + ".key.pem", Pem.privateKey(k.getPrivate()).getBytes(US_ASCII));
    }
  }
}
