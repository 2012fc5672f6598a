package org.spikebridge.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageFit;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.NetworkData;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SimulationProvenance;
import org.spikebridge.simulate.SpikingRun;

/**
 * {@code spark-submit --class org.spikebridge.spark.SimulateJob}: {@code spikebridge simulate} with
 * its defaults (constant input coding, accumulated readout, no early exit, v(0) and reset as the
 * network was made for) on Spark. The network folder ({@code --snn}) and the output
 * folder ({@code --out}) are Hadoop paths; the test set is read on the driver by core's dataset
 * readers ({@code --dataset}, {@code --data-dir}: a local folder of the driver) and sent to the
 * executors in slices of whole batches. {@code metrics.json} and {@code curves.csv} hold exactly
 * the numbers one machine writes.
 */
public final class SimulateJob {
  private static final List<String> OPTIONS = List.of("snn", "dataset", "data-dir", "out", "timesteps",
      "batch-size", "limit", "alpha", "partitions", "master");

  private SimulateJob() {}

  /**
   * What the job is told.
   *
   * @param snn the spiking network's folder (Hadoop path)
   * @param dataset the dataset ({@code fashion-mnist}, {@code npy:PATH}, …); null for the network's
   * @param dataDir the folder of a known dataset's files; null for the network's or the default
   * @param out the output folder (Hadoop path)
   * @param timesteps T
   * @param batchSize images per batch, as {@code simulate --batch-size}
   * @param limit the first N test images only; 0 for all
   * @param alpha energy per spike in joules
   * @param partitions slices of the test set, one Spark task each
   */
  public record Settings(String snn, String dataset, String dataDir, String out, int timesteps, int batchSize,
      int limit, double alpha, int partitions) {}

  /** Runs the job; {@code --master} is optional under {@code spark-submit}. */
  public static void main(String[] args) {
    JobArguments.runOrExit("spikebridge simulate", () -> {
      JobArguments a = new JobArguments(args, OPTIONS);
      Settings settings = new Settings(a.required("snn"), a.get("dataset", null), a.get("data-dir", null),
          a.required("out"), a.integer("timesteps", 256), a.integer("batch-size", 256), a.integer("limit", 0),
          Double.parseDouble(a.get("alpha", "1.0")), a.integer("partitions", 0));
      try (JavaSparkContext spark = new JavaSparkContext(conf("spikebridge simulate", a))) {
        SimulationMetrics m = run(spark, settings, "SimulateJob " + String.join(" ", args)).metrics();
        System.out.printf(Locale.ROOT, "%d images, T = %d: accuracy %.2f %% (ANN %.2f %%); written to %s%n",
            m.images(), m.timesteps(), m.accuracyAt(m.timesteps()), m.annAccuracy(), settings.out());
      }
    });
  }

  /** The Spark configuration of a job named {@code name}, with {@code --master} when given. */
  static SparkConf conf(String name, JobArguments a) {
    SparkConf conf = new SparkConf().setAppName(name);
    String master = a.get("master", null);
    return master == null ? conf : conf.setMaster(master);
  }

  /**
   * Simulates as {@code settings} say and writes {@code metrics.json} and {@code curves.csv}
   * (atomically, each) into {@code settings.out()}; {@code command} is recorded as the command
   * that started the run. Returns what was written.
   */
  public static MetricsFiles.Contents run(JavaSparkContext spark, Settings settings, String command)
      throws IOException {
    HadoopFiles hadoop = new HadoopFiles(spark.hadoopConfiguration());
    NetworkFolder folder = NetworkFolder.read(hadoop, settings.snn());
    SpikingNetwork network = folder.spikingNetwork();
    DatasetSource source = NetworkData.source(settings.dataset(),
        settings.dataDir() == null ? null : Path.of(settings.dataDir()), ImageFit.asIs(1), network.network());
    Normalization normalization = NetworkData.normalization(source, network.network());
    ImageSet test = limited(NetworkData.load(source, Split.TEST,
        network.network().architecture().inputShape(), settings.snn()), settings.limit());
    SimulationOptions options = options(network, settings.timesteps());
    Broadcast<NetworkFolder> shared = spark.broadcast(folder);
    long start = System.nanoTime();
    SimulationMetrics metrics = SparkSimulation.record(spark, shared, test, normalization, settings.batchSize(),
        options, settings.partitions() > 0 ? settings.partitions() : spark.defaultParallelism()).result();
    double seconds = (System.nanoTime() - start) / 1e9;
    shared.destroy();
    Map<String, Object> run = SimulationProvenance.run(settings.snn(), network,
        SimulationProvenance.data(source.id(), settings.dataDir(), normalization, false),
        SparkSimulation.engineName(), options, seconds, test.size() * metrics.meanSteps() / seconds, command,
        versions(spark));
    MetricsFiles.Contents contents = SpikingRun.contents(network, metrics, settings.alpha()).withRun(run);
    for (Map.Entry<String, String> file : MetricsFiles.texts(contents).entrySet()) {
      hadoop.writeString(settings.out(), file.getKey(), file.getValue());
    }
    return contents;
  }

  /**
   * The options of {@code simulate} by default: T steps, v(0) and reset as {@code network} was
   * made for.
   */
  static SimulationOptions options(SpikingNetwork network, int timesteps) {
    return new SimulationOptions(timesteps, InputCoding.CONSTANT, InitialMembrane.trainedFor(network),
        Readout.ACCUMULATE, 1, EarlyExit.NONE, ResetMode.trainedFor(network));
  }

  /** The first {@code limit} images of {@code test}, or all for 0. */
  static ImageSet limited(ImageSet test, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be ≥ 0, found " + limit);
    }
    return limit > 0 && limit < test.size() ? test.subset(IntStream.range(0, limit).toArray()) : test;
  }

  /** The versions of SpikeBridge, Spark and Java, for provenance. */
  private static Map<String, String> versions(JavaSparkContext spark) {
    Map<String, String> versions = new LinkedHashMap<>();
    String own = SimulateJob.class.getPackage().getImplementationVersion();
    versions.put("spikebridge", own != null ? own : "development build");
    versions.put("spark", spark.version());
    versions.put("java", System.getProperty("java.version"));
    return versions;
  }
}
