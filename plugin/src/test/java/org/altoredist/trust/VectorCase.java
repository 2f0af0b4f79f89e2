package org.altoredist.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.alto.VersionTag;

/**
 * One entry of vectors/signed/index.json: a bundle, the verifier's inputs and the expected outcome.
 * Built by {@link SignedVectors}; read back by {@link SignedVectorsTest} from the JSON alone.
 */
final class VectorCase {

  static final String VERIFIED = "VERIFIED";

  final String name;
  final String description;
  final byte[] bundle;
  final String expected;
  List<String> anchors = List.of("certs/ca-ed25519.pem");
  List<String> pins = List.of();
  Instant time = SignedVectors.VERIFY_AT;
  String resourceId;
  long heldSequence = Expectation.NO_SEQUENCE;
  VersionTag dependsOn;
  boolean fromPeer = true;
  List<String> localAddresses = List.of();

  VectorCase(String name, String expected, byte[] bundle, String description) {
    this.name = name;
    this.expected = expected;
    this.bundle = bundle;
    this.description = description;
  }

  VectorCase anchors(String... files) {
    anchors = List.of(files);
    return this;
  }

  VectorCase pins(byte[]... spkiSha256) {
    List<String> out = new ArrayList<>();
    for (byte[] p : spkiSha256) {
      out.add(HexFormat.of().formatHex(p));
    }
    pins = out;
    anchors = List.of();
    return this;
  }

  VectorCase at(Instant t) {
    time = t;
    return this;
  }

  VectorCase resource(String id) {
    resourceId = id;
    return this;
  }

  VectorCase held(long sequence) {
    heldSequence = sequence;
    return this;
  }

  VectorCase dependsOn(VersionTag v) {
    dependsOn = v;
    return this;
  }

  VectorCase fromOrigin() {
    fromPeer = false;
    return this;
  }

  VectorCase local(String... addresses) {
    localAddresses = List.of(addresses);
    return this;
  }

  String bundleFile() {
    return "bundles/" + name + ".arsr";
  }

  Map<String, Object> toJson() {
    Map<String, Object> verify = new LinkedHashMap<>();
    verify.put("service", SignedVectors.SERVICE);
    verify.put("anchors", anchors);
    verify.put("pins-spki-sha256-hex", pins);
    verify.put("time", time.toString());
    verify.put("clock-skew-seconds", TrustPolicy.DEFAULT_CLOCK_SKEW.toSeconds());
    verify.put("resource-id", resourceId);
    verify.put("held-sequence", heldSequence == Expectation.NO_SEQUENCE ? null : heldSequence);
    Map<String, String> dep = new LinkedHashMap<>();
    if (dependsOn != null) {
      dep.put("resource-id", dependsOn.resourceId());
      dep.put("tag", dependsOn.tag());
    }
    verify.put("depends-on", dependsOn == null ? null : dep);
    verify.put("from-peer", fromPeer);
    verify.put("local-addresses", localAddresses);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("expected", expected);
    m.put("bundle", bundleFile());
    m.put("bundle-sha256-hex", HexFormat.of().formatHex(TestKeys.sha256(bundle)));
    m.put("verify", verify);
    m.put("bundle-base64", Base64.getEncoder().encodeToString(bundle));
    return m;
  }
}
