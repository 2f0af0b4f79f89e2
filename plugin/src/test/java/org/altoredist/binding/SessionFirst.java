package org.altoredist.binding;

import java.net.InetAddress;
import java.nio.file.Path;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;

/**
 * A client that creates and starts its libtorrent4j session before it builds the plugin, and loads
 * libtorrent4j's native library nowhere itself. Run by {@link CreationOrderTest} in a JVM of its
 * own: libtorrent4j loads its library once per JVM. Its arguments: the address to listen on and the
 * plugin's state directory, which the test owns and deletes.
 */
public final class SessionFirst {

  private SessionFirst() {}

  public static void main(String[] args) throws Exception {
    SessionManager session = new SessionManager(false);
    session.start(new SessionParams(new SettingsPack().listenInterfaces(args[0] + ":0")));
    AltoPlugin alto = AltoPlugin.builder()
        .trust(TrustPolicy.forService("https://alto.isp.example/directory").pin(new byte[32]).build())
        .stateDir(Path.of(args[1]))
        .build();
    alto.attach(session);
    System.out.println("attached at " + alto.endpoint() + " to a session on " + InetAddress.getByName(args[0]));
    alto.close();
    session.stop();
  }
}
