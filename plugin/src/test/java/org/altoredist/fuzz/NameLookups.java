package org.altoredist.fuzz;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the host names a piece of code asks the system resolver for. Java 17's
 * {@code InetAddress} asks an installed security manager's {@code checkConnect(host, -1)} before
 * it resolves a name, and never for an address literal; a security manager that permits
 * everything and only listens there is installed for the duration of the work. Decoders of
 * untrusted answers (a tracker's peer list) use it to show that nothing the sender wrote makes
 * this client look a name up.
 */
@SuppressWarnings("removal")
public final class NameLookups {

  private NameLookups() {}

  /** Something to run; it may throw whatever the decoder throws. */
  @FunctionalInterface
  public interface Work<X extends Exception> {
    void run() throws X;
  }

  /** Runs {@code work} on this thread and returns the names it asked the resolver for. */
  public static <X extends Exception> List<String> during(Work<X> work) throws X {
    Thread self = Thread.currentThread();
    List<String> names = new ArrayList<>();
    SecurityManager listener = new SecurityManager() {
      @Override
      public void checkConnect(String host, int port) {
        if (port == -1 && Thread.currentThread() == self) {
          names.add(host);
        }
      }

      @Override
      public void checkPermission(Permission perm) {
        // everything is permitted: only lookups are of interest
      }

      @Override
      public void checkPermission(Permission perm, Object context) {
        // as above
      }
    };
    synchronized (NameLookups.class) {
      SecurityManager before = System.getSecurityManager();
      System.setSecurityManager(listener);
      try {
        work.run();
      } finally {
        System.setSecurityManager(before);
      }
    }
    return names;
  }
}
