package org.altoredist.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Binds a certificate to the ALTO service's host (signed-resources.md §3.5), following RFC 6125
 * §6.4 as tightened by its successor RFC 9525:
 *
 * <ul>
 *   <li>only subjectAltName counts: dNSName for a host name, iPAddress for an IP literal; the
 *       subject common name is never consulted (RFC 9525 §6.3);
 *   <li>DNS names compare case-insensitively, label for label, without trailing-dot folding;
 *   <li>a wildcard is accepted only as the whole left-most label ("*.example.com") followed by at
 *       least two labels, and it stands for exactly one non-empty label; partial wildcards
 *       ("a*.example.com") and wildcards elsewhere never match (RFC 9525 §6.3, RFC 6125 §6.4.3).
 * </ul>
 */
final class HostNames {

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-fA-F:.]{2,45}\\]");

  private HostNames() {}

  /** Whether {@code cert} names {@code host}, the host component of an http(s) URI. */
  static boolean matches(X509CertificateHolder cert, String host) {
    byte[] ip = ipLiteral(host);
    for (GeneralName n : subjectAltNames(cert)) {
      if (ip != null && n.getTagNo() == GeneralName.iPAddress) {
        if (Arrays.equals(ASN1OctetString.getInstance(n.getName()).getOctets(), ip)) {
          return true;
        }
      } else if (ip == null && n.getTagNo() == GeneralName.dNSName) {
        if (dnsMatches(((ASN1String) n.getName()).getString(), host)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The subjectAltName dNSName and iPAddress entries, for messages. */
  static List<String> describe(X509CertificateHolder cert) {
    List<String> out = new ArrayList<>();
    for (GeneralName n : subjectAltNames(cert)) {
      if (n.getTagNo() == GeneralName.dNSName || n.getTagNo() == GeneralName.iPAddress) {
        out.add(n.toString());
      }
    }
    return out;
  }

  static boolean dnsMatches(String presented, String host) {
    String p = presented.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (!p.startsWith("*.")) {
      return p.indexOf('*') < 0 && p.equals(h);
    }
    String rest = p.substring(2);
    if (rest.indexOf('*') >= 0 || rest.indexOf('.') < 0) {
      return false;
    }
    int dot = h.indexOf('.');
    return dot > 0 && h.substring(dot + 1).equals(rest);
  }

  private static GeneralName[] subjectAltNames(X509CertificateHolder cert) {
    Extension san = cert.getExtension(Extension.subjectAlternativeName);
    return san == null ? new GeneralName[0] : GeneralNames.getInstance(san.getParsedValue()).getNames();
  }

  /** The address of an IP-literal host ("192.0.2.1" or "[2001:db8::1]"), or null for a name. */
  private static byte[] ipLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      String[] parts = host.split("\\.");
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return new byte[0];
        }
        b[i] = (byte) v;
      }
      return b;
    }
    if (!IPV6_LITERAL.matcher(host).matches()) {
      return null;
    }
    try {
      // Only hex digits, colons and dots reach InetAddress, which parses them without asking DNS.
      return InetAddress.getByName(host.substring(1, host.length() - 1)).getAddress();
    } catch (UnknownHostException e) {
      return new byte[0];
    }
  }
}
