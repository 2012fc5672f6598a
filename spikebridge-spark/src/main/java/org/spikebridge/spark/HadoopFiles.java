package org.spikebridge.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reading and writing through Hadoop's {@link FileSystem}, so that the same job reads and writes
 * local folders, {@code hdfs://} or {@code s3a://} paths. A file is written under a temporary name
 * beside its target and then renamed, so a reader never sees a partly written file.
 */
public final class HadoopFiles {
  private final Configuration conf;

  /** Files of the file systems {@code conf} configures. */
  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  /** The bytes of every plain file directly in folder {@code dir}, by name, sorted by name. */
  public Map<String, byte[]> readFolder(String dir) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    Map<String, byte[]> files = new LinkedHashMap<>();
    FileStatus[] statuses = fs.listStatus(path);
    Arrays.sort(statuses);
    for (FileStatus status : statuses) {
      if (status.isFile()) {
        files.put(status.getPath().getName(), read(fs, status));
      }
    }
    if (files.isEmpty()) {
      throw new IOException(dir + ": expected a folder of files, found none");
    }
    return files;
  }

  /** Whether {@code file} exists. */
  public boolean exists(String file) throws IOException {
    Path path = new Path(file);
    return path.getFileSystem(conf).exists(path);
  }

  /** The text of {@code file}, read as UTF-8. */
  public String readString(String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    return new String(read(fs, fs.getFileStatus(path)), StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code text} (UTF-8) to {@code dir/name}: to a hidden temporary file in {@code dir}
   * (created if need be), which replaces any older file of that name (deleted first, as Hadoop's
   * rename does not overwrite) by a rename.
   */
  public void writeString(String dir, String name, String text) throws IOException {
    Path folder = new Path(dir);
    FileSystem fs = folder.getFileSystem(conf);
    fs.mkdirs(folder);
    Path target = new Path(folder, name);
    Path temporary = new Path(folder, "." + name + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(temporary, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(target, false);
    if (!fs.rename(temporary, target)) {
      fs.delete(temporary, false);
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
  }

  private static byte[] read(FileSystem fs, FileStatus status) throws IOException {
    try (FSDataInputStream in = fs.open(status.getPath())) {
      return in.readAllBytes();
    }
  }
}
