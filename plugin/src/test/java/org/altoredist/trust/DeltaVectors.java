package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.altoredist.alto.VersionTag;

/**
 * Builds bep-extension-spec/vectors/delta/ (signed-resources.md §4.1): the base is the signed
 * vectors' network map (sequence 7), the target its next version (sequence 8, one prefix moved from
 * PID1 to PID2, a new vtag), signed with the same TEST-ONLY Ed25519 key; then the delta between
 * them and deltas that must be refused, each with the reason. Deterministic, like the signed vectors.
 */
final class DeltaVectors {

  static final String REBUILT = "REBUILT";
  static final VersionTag TARGET_VTAG = new VersionTag("my-default-network-map", "5a7e5f0c2d1e4b8a9c3f6e7d8b9a0c1d2e3f4a5b");

  final Map<String, byte[]> files = new TreeMap<>();
  private final List<Map<String, Object>> cases = new ArrayList<>();

  static DeltaVectors build() {
    DeltaVectors v = new DeltaVectors();
    v.addAll();
    return v;
  }

  static byte[] targetBody() {
    String nm = SignedVectors.NETWORK_MAP.replace(SignedVectors.NETWORK_MAP_VTAG.tag(), TARGET_VTAG.tag())
        .replace("\"192.0.2.0/24\",\n        \"198.51.100.0/25\"\n", "\"192.0.2.0/24\"\n")
        .replace("\"198.51.100.128/25\"\n", "\"198.51.100.0/25\",\n        \"198.51.100.128/25\"\n");
    return nm.getBytes(US_ASCII);
  }

  private void addAll() {
    SignedVectors.Pkis pki = new SignedVectors.Pkis();
    ResourceSigner ed = new ResourceSigner(pki.serverEd.getPrivate(), List.of(pki.serverEdCert));
    byte[] baseBody = SignedVectors.NETWORK_MAP.getBytes(US_ASCII);
    SignedBundle base = SignedBundle.of(ed.signDetached(baseBody,
        SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE), SignedVectors.SIGNED_AT), baseBody);
    Descriptor d7 = SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE);
    Descriptor d8 = new Descriptor(d7.service(), d7.resourceId(), d7.mediaType(), d7.request(), TARGET_VTAG, List.of(),
        null, 8, d7.notBefore(), d7.expires(), d7.scope());
    byte[] targetBody = targetBody();
    SignedBundle target = SignedBundle.of(ed.signDetached(targetBody, d8, SignedVectors.SIGNED_AT), targetBody);
    files.put("base.arsr", base.encoded());
    files.put("target.arsr", target.encoded());
    files.put("bodies/networkmap-8.json", targetBody);

    byte[] valid = DeltaBundle.between(base, target).encoded();
    byte[] baseHash = DeltaBundle.sha256(base.encoded());
    byte[] targetHash = DeltaBundle.sha256(target.encoded());
    byte[] sig = target.signature();
    byte[] patch = Vcdiff.encode(baseBody, targetBody);
    add("valid", valid, REBUILT, "the delta from sequence 7 to sequence 8: rebuilds target.arsr byte for byte, "
        + "which then verifies as the signed vectors' network map does (Ed25519 CA, at 2025-06-02T00:00:00Z)");
    add("bad-magic", with(valid, 3, (byte) 'r'), "MALFORMED", "magic \"arsr\", a full bundle's, instead of \"arsd\"");
    add("version-2", with(valid, 4, (byte) 2), "UNSUPPORTED_ALGORITHM", "format version 2");
    add("unsigned", DeltaBundle.frame(baseHash, targetHash, new byte[0], patch), "UNSIGNED", "signature length 0");
    add("truncated", Arrays.copyOf(valid, valid.length - 1), "MALFORMED", "the last byte of the patch missing");
    add("trailing-byte", Arrays.copyOf(valid, valid.length + 1), "MALFORMED", "a zero byte after the patch");
    byte[] hugePatch = valid.clone();
    SignedBundle.putU32(hugePatch, 73 + sig.length, Limits.MAX_BODY_BYTES + 1);
    add("patch-length-over-limit", hugePatch, "TOO_LARGE", "a declared patch length of 32 MiB + 1, refused before "
        + "anything is allocated for it");
    add("other-base", DeltaBundle.frame(DeltaBundle.sha256(target.encoded()), targetHash, sig, patch),
        "DESCRIPTOR_MISMATCH", "names the target as its base, so it does not apply to base.arsr");
    add("patch-not-vcdiff", DeltaBundle.frame(baseHash, targetHash, sig, "{\"op\":\"replace\"}".getBytes(US_ASCII)),
        "MALFORMED", "a JSON patch where the VCDIFF belongs");
    add("patch-copies-from-target-window", DeltaBundle.frame(baseHash, targetHash, sig, withTargetWindow(patch)),
        "MALFORMED", "the window indicator says VCD_TARGET (0x02), which the profile does not allow");
    byte[] otherBody = Arrays.copyOf(targetBody, targetBody.length);
    otherBody[otherBody.length - 3] = ' ';
    add("rebuilds-other-bytes", DeltaBundle.frame(baseHash, targetHash, sig, Vcdiff.encode(baseBody, otherBody)),
        "DIGEST_MISMATCH", "a valid patch to a body that differs from the signed one in one white-space byte");
    add("wrong-target-handle", DeltaBundle.frame(baseHash, baseHash, sig, patch), "DIGEST_MISMATCH",
        "rebuilds the signed target, but names the base's handle as its target");
  }

  /** The patch with its first window's indicator set to VCD_TARGET (offset 5: after magic and header indicator). */
  private static byte[] withTargetWindow(byte[] patch) {
    return with(patch, 5, (byte) 0x02);
  }

  private static byte[] with(byte[] b, int at, byte value) {
    byte[] out = b.clone();
    out[at] = value;
    return out;
  }

  private void add(String name, byte[] delta, String expected, String description) {
    String file = "deltas/" + name + ".arsd";
    files.put(file, delta);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("delta", file);
    m.put("delta-sha256-hex", HexFormat.of().formatHex(DeltaBundle.sha256(delta)));
    m.put("base", "base.arsr");
    m.put("expected", expected);
    if (expected.equals(REBUILT)) {
      m.put("target", "target.arsr");
      m.put("target-sha256-hex", HexFormat.of().formatHex(DeltaBundle.sha256(files.get("target.arsr"))));
    }
    cases.add(m);
  }

  private byte[] indexJson() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("about", "Delta-bundle test vectors (signed-resources.md §4.1). The target verifies under "
        + "../signed/certs/ca-ed25519.pem for https://alto.example.com/directory at 2025-06-02T00:00:00Z.");
    root.put("vectors", cases);
    return VectorFiles.indexJson(root);
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
}
