package org.spikebridge.simulate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Normalization;

/**
 * The provenance blocks of a simulation's {@code metrics.json}: what the CLI's {@code simulate}
 * and the Spark job write under {@code run}, built in one place so that both write the same keys.
 */
public final class SimulationProvenance {
  /** The provenance key of the folder a known dataset's files were read from. */
  public static final String DATA_DIR = org.spikebridge.data.NetworkData.DATA_DIR;

  private SimulationProvenance() {}

  /**
   * What provenance records of the data: the dataset's id, the folder it was read from (null when
   * not given), its normalization and whether images were resized.
   */
  public static Map<String, String> data(String datasetId, String dataDir, Normalization normalization,
      boolean resize) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("dataset", datasetId);
    if (dataDir != null) {
      settings.put(DATA_DIR, dataDir);
    }
    settings.put(Normalization.MEAN_SETTING, Arrays.toString(normalization.mean()));
    settings.put(Normalization.STD_SETTING, Arrays.toString(normalization.std()));
    if (resize) {
      settings.put("resize", "shorter side, then center crop");
    }
    return settings;
  }

  /**
   * The {@code run} block of a simulation of the network read from {@code snn} (a folder or URI)
   * on the data described by {@code data}, by {@code engine} with {@code options}, which took
   * {@code seconds} for {@code imageStepsPerSecond}; {@code command} started it and
   * {@code versions} names the software.
   */
  public static Map<String, Object> run(String snn, SpikingNetwork network, Map<String, String> data,
      String engine, SimulationOptions options, double seconds, double imageStepsPerSecond, String command,
      Map<String, String> versions) {
    Map<String, String> conversion = network.network().provenance().settings();
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("snn", snn);
    run.put("method", conversion.getOrDefault("conversion.method", lastSegment(snn)));
    run.put("conversion", conversion);
    run.putAll(data);
    run.put("engine", engine);
    run.put("options", options.toString());
    run.put("earlyExit", options.earlyExit().describe());
    run.put("reset", options.reset().describe());
    run.put("seconds", seconds);
    run.put("imageTimestepsPerSecond", imageStepsPerSecond);
    run.put("command", command);
    run.put("versions", versions);
    return run;
  }

  /** The last name of a path or URI: the folder's name. */
  private static String lastSegment(String path) {
    String trimmed = path.replaceAll("[/\\\\]+$", "");
    return trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  }
}
