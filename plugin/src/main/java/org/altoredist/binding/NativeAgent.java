package org.altoredist.binding;

/**
 * Makes libtorrent4j loadable before the application's {@code main} runs, so that a client may
 * create its {@code SessionManager} before {@link AltoPlugin#builder()} without loading
 * libtorrent4j's native library itself: {@code java -javaagent:altoredist-VERSION.jar ...}.
 *
 * <p>Needed only then. libtorrent4j loads its native library when its first class initialises,
 * from {@code libtorrent4j.jni.path} or {@code java.library.path}; if neither holds it, that class
 * fails for good ({@code LinkageError}) and no later call can mend it. A client that sets either
 * itself, or builds the plugin first, may take any order without the agent.
 */
public final class NativeAgent {

  private NativeAgent() {}

  /** Called by the JVM for {@code -javaagent}; {@code args} are ignored. */
  public static void premain(String args) {
    Libtorrent4jNative.ensureLoadable();
  }
}
