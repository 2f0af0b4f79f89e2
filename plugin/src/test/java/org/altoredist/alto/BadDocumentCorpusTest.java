package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The named bad-document corpus (src/test/resources/org/altoredist/alto/bad/): every file is
 * refused, and its first error has the code and path that bad/index.tsv expects. The files are
 * named after the rule they break.
 */
class BadDocumentCorpusTest {

  static Stream<Arguments> corpus() {
    String index = new String(TestFiles.bytes("bad/index.tsv"), StandardCharsets.UTF_8);
    List<Arguments> rows = new ArrayList<>();
    for (String line : index.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      rows.add(Arguments.of(f[0], DocumentType.ofShortName(f[1]), ErrorCode.valueOf(f[2]), f[3]));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyBadDocumentIsRefusedWithItsExpectedError(String file, DocumentType type, ErrorCode code, String field) {
    byte[] bytes = TestFiles.bytes("bad/" + file);
    AltoValidationException e = assertThrows(AltoValidationException.class, () -> AltoDocuments.parse(bytes, type));
    assertEquals(code, e.first().code(), () -> file + ": " + e.errors());
    assertEquals(field, e.first().field(), () -> file + ": " + e.errors());
  }
}
