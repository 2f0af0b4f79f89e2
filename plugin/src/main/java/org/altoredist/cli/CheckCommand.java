package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.altoredist.alto.AltoDocument;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoError;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CrossChecks;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code check}: validates one ALTO document, and with {@code --network-map} the cross-document rules. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Validate an ALTO document strictly.",
        "The document: an RFC 7285 IRD, network map, cost map or error.",
        "Prints a one-line summary, or each problem on its own line as FILE: CODE field=PATH value=\"…\": rule.",
        "Exit codes: 0 valid, 1 invalid, 2 usage or I/O error."})
final class CheckCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The document to check.")
  Path file;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "ird, networkmap, costmap or error; detected from the document when absent.")
  String type;

  @Option(names = "--network-map", paramLabel = "FILE",
      description = "A network map to check the document against: a cost map's dependent vtag and"
          + " PIDs, or an IRD's default network map.")
  Path networkMap;

  @Option(names = "--delegated",
      description = "The IRD is a delegated one (RFC 7285 §9.2.4): no default network map required.")
  boolean delegated;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DocumentType declared = null;
    if (type != null) {
      declared = DocumentType.ofShortName(type);
      if (declared == null) {
        err.println("--type must be one of ird, networkmap, costmap, error: " + type);
        return Main.EXIT_USAGE;
      }
    }
    try {
      AltoDocument doc = parse(file, declared, out);
      if (doc == null) {
        return Main.EXIT_REFUSED;
      }
      if (networkMap != null) {
        AltoDocument nm = parse(networkMap, DocumentType.NETWORK_MAP, out);
        if (nm == null) {
          return Main.EXIT_REFUSED;
        }
        if (!crossCheck(doc, (NetworkMap) nm, out, err)) {
          return doc instanceof CostMap || doc instanceof InfoResourceDirectory ? Main.EXIT_REFUSED : Main.EXIT_USAGE;
        }
      }
      out.println(file + ": " + doc.summary());
      return Main.EXIT_OK;
    } catch (NoSuchFileException e) {
      err.println("no such file: " + e.getFile());
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println("cannot read: " + e);
      return Main.EXIT_USAGE;
    }
  }

  /** The parsed document, or null after printing why it is invalid. */
  private AltoDocument parse(Path path, DocumentType as, PrintWriter out) throws IOException {
    try {
      byte[] bytes = Documents.read(path);
      if (as == null) {
        as = AltoDocuments.detect(bytes);
      }
      if (as == DocumentType.DIRECTORY && delegated) {
        return AltoDocuments.parseDelegatedDirectory(bytes);
      }
      return AltoDocuments.parse(bytes, as);
    } catch (AltoValidationException e) {
      print(path, e, out);
      return null;
    }
  }

  private boolean crossCheck(AltoDocument doc, NetworkMap nm, PrintWriter out, PrintWriter err) {
    try {
      if (doc instanceof CostMap cm) {
        CrossChecks.costMapAgainstNetworkMap(cm, nm);
      } else if (doc instanceof InfoResourceDirectory ird && ird.defaultNetworkMap() != null) {
        CrossChecks.networkMapAgainstDirectory(nm, ird, ird.defaultNetworkMap());
      } else {
        err.println("--network-map applies to a cost map or a root IRD, not to a " + doc.type().shortName());
        return false;
      }
      return true;
    } catch (AltoValidationException e) {
      print(file, e, out);
      return false;
    }
  }

  private static void print(Path path, AltoValidationException e, PrintWriter out) {
    for (AltoError error : e.errors()) {
      out.println(path + ": " + error);
    }
  }
}
