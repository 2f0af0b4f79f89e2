package org.altoredist.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoError;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.ErrorCode;

/** Reads document files for the commands, refusing oversized ones before reading them. */
final class Documents {

  private Documents() {}

  static byte[] read(Path path) throws IOException, AltoValidationException {
    long size = Files.size(path);
    if (size > AltoDocuments.MAX_DOCUMENT_BYTES) {
      throw new AltoValidationException(new AltoError(ErrorCode.E_SYNTAX, "", null,
          "file of " + size + " bytes exceeds the " + AltoDocuments.MAX_DOCUMENT_BYTES + "-byte document limit"));
    }
    return Files.readAllBytes(path);
  }
}
