package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

  @TempDir Path dir;

  /** A record whose pixel (c, y, x) is (c*7 + y*3 + x + seed) mod 256. */
  static byte[] record(int[] labelBytes, int seed) {
    byte[] r = new byte[labelBytes.length + 3072];
    for (int i = 0; i < labelBytes.length; i++) {
      r[i] = (byte) labelBytes[i];
    }
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          r[labelBytes.length + c * 1024 + y * 32 + x] = (byte) (c * 7 + y * 3 + x + seed);
        }
      }
    }
    return r;
  }

  @Test
  void readsCifar10PlanesAndConcatenatesFiles() throws IOException {
    Path a = Files.write(dir.resolve("data_batch_1.bin"),
        TestData.concat(record(new int[] {3}, 0), record(new int[] {9}, 100)));
    Path b = Files.write(dir.resolve("data_batch_2.bin"), record(new int[] {0}, 200));
    ImageSet set = CifarReader.readCifar10("c", List.of(a, b));
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.labels()).containsExactly(3, 9, 0);
    assertThat(set.channels()).isEqualTo(3);
    assertThat(set.height()).isEqualTo(32);
    // green plane, row 5, column 6 of the second image: 1*7 + 15 + 6 + 100
    assertThat(set.pixel(1, 1, 5, 6)).isEqualTo(128);
    // blue plane, last pixel of the third image: (14 + 93 + 31 + 200) mod 256
    assertThat(set.pixel(2, 2, 31, 31)).isEqualTo((14 + 93 + 31 + 200) % 256);
  }

  @Test
  void readsCifar100CoarseOrFine() throws IOException {
    Path f = Files.write(dir.resolve("train.bin"),
        TestData.concat(record(new int[] {19, 99}, 1), record(new int[] {4, 42}, 2)));
    ImageSet fine = CifarReader.readCifar100("f", f, true);
    ImageSet coarse = CifarReader.readCifar100("c", f, false);
    assertThat(fine.labels()).containsExactly(99, 42);
    assertThat(fine.numClasses()).isEqualTo(100);
    assertThat(coarse.labels()).containsExactly(19, 4);
    assertThat(coarse.numClasses()).isEqualTo(20);
    assertThat(fine.pixel(1, 0, 0, 0)).isEqualTo(2);
  }

  @Test
  void wrongLengthIsAnError() throws IOException {
    byte[] r = record(new int[] {1}, 0);
    Path f = Files.write(dir.resolve("test_batch.bin"), TestData.concat(r, new byte[10]));
    assertThatThrownBy(() -> CifarReader.readCifar10("c", List.of(f)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("test_batch.bin: expected a non-empty whole number of 3073-byte records, "
            + "found 3083 bytes (1 records and 10 bytes left over)");
  }

  @Test
  void emptyFileIsAnError() throws IOException {
    Path f = Files.write(dir.resolve("test.bin"), new byte[0]);
    assertThatThrownBy(() -> CifarReader.readCifar100("c", f, true))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("test.bin: expected a non-empty whole number of 3074-byte records, found 0 bytes");
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path f = Files.write(dir.resolve("b.bin"),
        TestData.concat(record(new int[] {1}, 0), record(new int[] {10}, 0)));
    assertThatThrownBy(() -> CifarReader.readCifar10("c", List.of(f)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("b.bin: expected label of record 1 in [0, 10), found 10");
    Path g = Files.write(dir.resolve("g.bin"), record(new int[] {20, 5}, 0));
    assertThatThrownBy(() -> CifarReader.readCifar100("c", g, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("g.bin: expected label of record 0 in [0, 20), found 20");
  }

  @Test
  void extractsBinFilesFromTarGz() throws IOException {
    byte[] batch = record(new int[] {5}, 7);
    byte[] other = new byte[700];
    Path archive = Files.write(dir.resolve("cifar.tar.gz"), TestData.gzip(TestData.tar(
        "cifar-10-batches-bin/readme.html", other,
        "cifar-10-batches-bin/test_batch.bin", batch)));
    Path out = Files.createDirectory(dir.resolve("out"));
    Map<String, Path> got = TarExtractor.extract(archive, Set.of("test_batch.bin"), out);
    assertThat(got).containsOnlyKeys("test_batch.bin");
    assertThat(Files.readAllBytes(out.resolve("test_batch.bin"))).isEqualTo(batch);
    assertThat(Files.exists(out.resolve("readme.html"))).isFalse();
    assertThat(CifarReader.readCifar10("c", List.of(got.get("test_batch.bin"))).labels())
        .containsExactly(5);
  }

  @Test
  void tarMissingEntryOrCutOff() throws IOException {
    byte[] tar = TestData.tar("x/test_batch.bin", new byte[3073]);
    Path archive = Files.write(dir.resolve("a.tar"), tar);
    assertThatThrownBy(() -> TarExtractor.extract(archive, Set.of("data_batch_1.bin"), dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("a.tar: expected an entry named data_batch_1.bin, found no such entry");
    Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(tar, 2000));
    assertThatThrownBy(() -> TarExtractor.extract(cut, Set.of("test_batch.bin"), dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("data of x/test_batch.bin");
    assertThat(Files.exists(dir.resolve("test_batch.bin"))).isFalse();
  }

  /** Found by the fuzzer: a corrupt entry name's line break went into the message. */
  @Test
  void aLineBreakInAnEntryNameStaysOnOneLine() throws IOException {
    byte[] tar = TestData.tar("x/bad\nname.bin", new byte[3073]);
    Path archive = Files.write(dir.resolve("b.tar"), java.util.Arrays.copyOf(tar, 1000));
    assertThatThrownBy(() -> TarExtractor.extract(archive, Set.of("bad\nname.bin"), dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("x/bad\\nname.bin")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void notATar() throws IOException {
    Path archive = Files.write(dir.resolve("n.tar"), new byte[1024 + 5].length == 0
        ? new byte[0] : filled(1024));
    assertThatThrownBy(() -> TarExtractor.extract(archive, Set.of("a"), dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("n.tar: expected");
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 'z');
    return b;
  }
}
