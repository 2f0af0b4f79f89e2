package org.altoredist.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;

/** A trust policy from the --anchor and --pin options that {@code verify} and {@code fetch} share. */
final class TrustOptions {

  private TrustOptions() {}

  static TrustPolicy.Builder policy(String service, List<Path> anchors, List<String> pins) throws IOException {
    TrustPolicy.Builder b = TrustPolicy.forService(service);
    for (Path a : anchors) {
      b.anchors(Pem.readCertificates(a));
    }
    for (String p : pins) {
      b.pin(HexFormat.of().parseHex(p));
    }
    return b;
  }
}
