package org.altoredist.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's log: every library log line (slf4j-simple writes to whatever {@code System.err} is at
 * the time of the call) goes to a file in the run directory, and to the terminal too with
 * {@code --verbose}; a newcomer sees the progress and the report, not a hundred INFO lines.
 * {@link #close} puts the original stream back.
 */
final class DemoLog implements AutoCloseable {

  private final PrintStream original;
  private final OutputStream file;
  private final Path path;

  private DemoLog(PrintStream original, OutputStream file, Path path) {
    this.original = original;
    this.file = file;
    this.path = path;
  }

  /** Sends {@code System.err} to {@code path}, and to the original stream as well when {@code verbose}. */
  static DemoLog to(Path path, boolean verbose) throws IOException {
    PrintStream original = System.err;
    OutputStream file = Files.newOutputStream(path);
    OutputStream target = !verbose ? file : new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        file.write(b);
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        file.write(b, off, len);
        original.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        file.flush();
        original.flush();
      }
    };
    System.setErr(new PrintStream(target, true, StandardCharsets.UTF_8));
    return new DemoLog(original, file, path);
  }

  /** The terminal's error stream, for progress when stdout carries JSON. */
  PrintStream console() {
    return original;
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    System.err.flush();
    System.setErr(original);
    file.close();
  }
}
