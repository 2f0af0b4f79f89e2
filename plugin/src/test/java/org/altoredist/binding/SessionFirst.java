package org.altoredist.binding;

import java.net.InetAddress;
import java.nio.file.Files;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;

/**
 * A client that creates and starts its libtorrent4j session before it builds the plugin, and loads
 * libtorrent4j's native library nowhere itself. Run by {@link CreationOrderTest} in a JVM of its
 * own: libtorrent4j loads its library once per JVM.
 */
public final class SessionFirst {

  private SessionFirst() {}

  public static void main(String[] args) throws Exception {
    SessionManager session = new SessionManager(false);
    session.start(new SessionParams(new SettingsPack().listenInterfaces(args[0] + ":0")));
    AltoPlugin alto = AltoPlugin.builder()
        .trust(TrustPolicy.forService("https://alto.isp.example/directory").pin(new byte[32]).build())
        .stateDir(Files.createTempDirectory("session-first"))
        .build();
    alto.attach(session);
    System.out.println("attached at " + alto.endpoint() + " to a session on " + InetAddress.getByName(args[0]));
    alto.close();
    session.stop();
  }
}
