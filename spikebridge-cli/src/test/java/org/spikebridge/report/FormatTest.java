package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void energiesGetAnSiPrefixAndThreeOrFourSignificantDigits() {
    assertThat(Format.picojoules(950)).isEqualTo("950 pJ");
    assertThat(Format.picojoules(1234)).isEqualTo("1.234 nJ");
    assertThat(Format.picojoules(12_345_000)).isEqualTo("12.35 µJ");
    assertThat(Format.picojoules(820)).isEqualTo("820 pJ");
    assertThat(Format.picojoules(4600)).isEqualTo("4.600 nJ");
    assertThat(Format.picojoules(2.5e9)).isEqualTo("2.500 mJ");
    assertThat(Format.picojoules(0.9)).isEqualTo("0.900 pJ");
    assertThat(Format.picojoules(Double.NaN)).isEqualTo("—");
  }

  @Test
  void roundingThatWouldCarryMovesToTheNextPrefix() {
    assertThat(Format.picojoules(999.4)).isEqualTo("999 pJ");
    assertThat(Format.picojoules(999.7)).isEqualTo("1.000 nJ");
    assertThat(Format.picojoules(99.996)).isEqualTo("100 pJ");
    assertThat(Format.picojoules(9.9996)).isEqualTo("10.00 pJ");
  }

  @Test
  void counts() {
    assertThat(Format.count(400)).isEqualTo("400");
    assertThat(Format.count(1000)).isEqualTo("1.000 k");
    assertThat(Format.count(2_345_678)).isEqualTo("2.346 M");
  }

  @Test
  void exactNumbersAndLists() {
    assertThat(Format.exact(1)).isEqualTo("1");
    assertThat(Format.exact(0.9)).isEqualTo("0.9");
    assertThat(Format.exact(4.6)).isEqualTo("4.6");
    assertThat(Format.list(List.of())).isEmpty();
    assertThat(Format.list(List.of("a"))).isEqualTo("a");
    assertThat(Format.list(List.of("a", "b"))).isEqualTo("a and b");
    assertThat(Format.list(List.of("a", "b", "c"))).isEqualTo("a, b and c");
  }
}
