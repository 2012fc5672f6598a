package org.spikebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void handCase() {
    // accuracy 60 100 60, agreement 40 80 80, spikes/image 4.8 4.4 3.8 (cumulative 4.8 9.2 13.0)
    String table = SummaryTable.format(HandCase.metrics(), new int[] {1, 3, 5, 64});
    assertThat(table).isEqualTo(""
        + "    T  accuracy %  agreement %  spikes/image\n"
        + "    1       60.00        40.00           4.8\n"
        + "    3       60.00        80.00          13.0\n"
        + "ANN accuracy: 80.00 %\n"
        + "first T within 1 point of the ANN: 2\n");
  }

  @Test
  void neverWithin() {
    SimulationMetrics slow = new SimulationMetrics(10, 2, List.of("a"), 90.0, new double[] {10, 20},
        new double[] {0, 10}, new double[][] {{1, 0.5}}, new double[] {1}, new double[][] {{3, 4}});
    String table = SummaryTable.format(slow, new int[] {2});
    assertThat(table.lines()).containsExactly(
        "    T  accuracy %  agreement %  spikes/image",
        "    2       20.00        10.00           7.0",
        "ANN accuracy: 90.00 %",
        "first T within 1 point of the ANN: not within T_max = 2");
  }
}
