package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.report.HandMadeResults.COUNTS;
import static org.spikebridge.report.HandMadeResults.all;
import static org.spikebridge.report.HandMadeResults.maxnorm;
import static org.spikebridge.report.HandMadeResults.renamed;
import static org.spikebridge.report.HandMadeResults.results;
import static org.spikebridge.report.HandMadeResults.rnlRil;
import static org.spikebridge.report.HandMadeResults.robust;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.report.Headlines.BestHeadlines;
import org.spikebridge.report.Headlines.EnergyBasis;
import org.spikebridge.report.Headlines.Headline;

class HeadlinesTest {
  /**
   * Reaches at t = 10 like rnl+ril, with 2 + 12 = 14 spikes per step (rnl+ril: 15) but fan-outs of
   * 10: 140 SOPs per step, 1400 × 0.9 + 460 = 1720 pJ to t = 10 (rnl+ril: 820 pJ).
   */
  private static MethodResult fewerSpikesMoreSops(OperationCounts counts) {
    MethodResult r = rnlRil();
    return new MethodResult("wide", 90, HandMadeResults.metrics(90, r.metrics().accuracy(), r.metrics().k(),
        r.metrics().omega(), 2, 12), r.thresholds(), counts);
  }

  @Test
  void theBestMethodIsTheFirstWithinReachAgainstBothBaselines() {
    BestHeadlines best = Headlines.best(all());
    assertThat(best.best()).contains("rnl+ril");
    assertThat(best.headlines()).extracting(Headline::baseline).containsExactly("maxnorm", "robustnorm");
    Headline max = best.headlines().get(0);
    assertThat(max.energyBasis()).isEqualTo(EnergyBasis.PICOJOULES);
    assertThat(max.stepRatio()).isEqualTo(1.5);
    assertThat(max.energyRatio()).isCloseTo(820.0 / 906, within(1e-12));
    Headline robust = best.headlines().get(1);
    assertThat(robust.energyBasis()).isEqualTo(EnergyBasis.SPIKES);
    assertThat(robust.stepRatio()).isNaN();
  }

  @Test
  void tiesGoToTheLowerEnergyInPicojoulesWhenAllHaveCountsElseInSpikes() {
    MethodResult wide = fewerSpikesMoreSops(new OperationCounts(1000, 10, new double[] {10, 10}, new int[] {20, 5}));
    assertThat(Headlines.best(results(wide, rnlRil(), maxnorm())).best()).contains("rnl+ril");
    assertThat(Headlines.best(results(fewerSpikesMoreSops(null), rnlRil(), maxnorm())).best()).contains("wide");
    // Equal energies: report order.
    MethodResult twin = renamed(rnlRil(), "twin", COUNTS);
    assertThat(Headlines.best(results(twin, rnlRil())).best()).contains("twin");
  }

  @Test
  void withoutBaselinesOrWithoutAnyMethodReachingItSaysSoInOneSentence() {
    BestHeadlines alone = Headlines.best(results(rnlRil()));
    assertThat(alone.headlines()).isEmpty();
    assertThat(alone.text()).isEqualTo("The best method, the one that first comes within 1 point of its ANN at "
        + "the fewest steps (ties: the lower energy), is rnl+ril, at t = 10; this run has no maxnorm and no "
        + "robustnorm to compare it with.");
    BestHeadlines none = Headlines.best(results(robust()));
    assertThat(none.best()).isEmpty();
    assertThat(none.text()).isEqualTo("No method comes within 1 point of its ANN within its T steps, so none is best.");
  }

  @Test
  void aBaselineThatIsBestIsNotComparedWithItself() {
    BestHeadlines best = Headlines.best(results(maxnorm(), robust()));
    assertThat(best.best()).contains("maxnorm");
    assertThat(best.headlines()).extracting(Headline::baseline).containsExactly("robustnorm");
    assertThat(Headlines.best(results(maxnorm())).text()).endsWith("is maxnorm, at t = 15; this run has no "
        + "robustnorm to compare it with.");
  }

  @Test
  void headlineEnergyIsPicojoulesOnlyWhenBothMethodsHaveCounts() {
    Headline pj = Headlines.paper(results(rnlRil(), maxnorm()));
    assertThat(pj.energyBasis()).isEqualTo(EnergyBasis.PICOJOULES);
    assertThat(pj.text()).contains("(t = 10 vs 15; 820 pJ vs 906 pJ per image; each within");
    Headline spikes = Headlines.paper(results(renamed(rnlRil(), "rnl+ril", null), maxnorm()));
    assertThat(spikes.energyBasis()).isEqualTo(EnergyBasis.SPIKES);
    // 150 / 90 spikes, the same ratio as Eq. 14's 75 J / 45 J
    assertThat(spikes.energyRatio()).isCloseTo(150.0 / 90, within(1e-12));
    assertThat(spikes.text()).contains("at 1.67× its energy (t = 10 vs 15; 150.0 spikes vs 90.0 spikes per image");
    assertThat(List.of(Headlines.paper(all()))).extracting(Headline::method).containsExactly("rnl+ril");
  }
}
