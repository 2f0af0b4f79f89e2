package org.altoredist.binding.bt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the Bt binding's builder refuses before anything is attached. */
class AltoBtBuilderTest {

  @Test
  void aNegativeUploadRateIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AltoBt.builder().uploadRate(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void aRandomFractionOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AltoBt.builder().randomFraction(1.5));
    assertThrows(IllegalArgumentException.class, () -> AltoBt.builder().randomFraction(Double.NaN));
  }

  @Test
  void buildingWithoutATrustPolicyIsRefused() {
    assertThrows(IllegalStateException.class, () -> AltoBt.builder().build());
  }
}
