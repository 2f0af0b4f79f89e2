package org.altoredist.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code altoredist} command-line tool: one executable, one subcommand per job.
 *
 * <p>Exit codes are shared by every subcommand: 0 success (or "valid"), 1 the input was examined
 * and refused (invalid document, failed verification), 2 a usage or I/O error.
 */
@Command(
    name = "altoredist",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "ALTO information redistribution for BitTorrent swarms.",
    subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, PkiCommand.class, SignCommand.class,
        VerifyCommand.class, ServeCommand.class, PublishCommand.class, FetchMapsCommand.class,
        SimulateCommand.class, SeedCommand.class, FetchCommand.class, DemoCommand.class})
public final class Main {

  static final int EXIT_OK = 0;
  static final int EXIT_REFUSED = 1;
  static final int EXIT_USAGE = 2;

  /** Commands that start a libtorrent session, and so need a JVM that chains signals ({@link Relaunch}). */
  static final java.util.Set<String> LIBTORRENT_COMMANDS = java.util.Set.of("seed", "fetch", "demo");

  /**
   * The HTTP server's own start and stop lines say nothing the tool does not; its warnings still
   * show. A level the user set wins.
   */
  private static final String JETTY_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.eclipse.jetty";

  public static void main(String[] args) {
    if (System.getProperty(JETTY_LOG_LEVEL) == null) {
      System.setProperty(JETTY_LOG_LEVEL, "warn");
    }
    if (Relaunch.needed(args, LIBTORRENT_COMMANDS)) {
      try {
        System.exit(Relaunch.withSignalChaining(args));
      } catch (java.io.IOException e) {
        System.err.println("cannot start a JVM with signal chaining: " + e.getMessage());
        System.exit(EXIT_USAGE);
      } catch (InterruptedException e) {
        System.exit(EXIT_USAGE);
      }
    }
    System.exit(run(args));
  }

  /** Runs the tool without exiting the JVM; tests and embedders call this. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the tool with its output and error streams redirected. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    // Help fills a terminal's width; piped or redirected (no console) it keeps picocli's 80 columns,
    // so what scripts and documents capture does not depend on who ran it. Only help measures.
    cl.setUsageHelpAutoWidth(true);
    cl.setExitCodeExceptionMapper(e -> EXIT_USAGE);
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println(e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return EXIT_USAGE;
    });
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
