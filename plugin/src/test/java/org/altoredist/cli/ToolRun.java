package org.altoredist.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command-line tool, with what it printed. */
record ToolRun(int exit, String out, String err) {

  static ToolRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new ToolRun(exit, out.toString(), err.toString());
  }
}
