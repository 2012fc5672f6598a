package org.spikebridge.dense;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps glibc from returning libtorch's activation buffers to the kernel after every batch.
 *
 * <p>By default glibc serves allocations above a few hundred kilobytes with {@code mmap} and unmaps
 * them on {@code free}; libtorch frees and re-allocates every activation each step, so each step
 * pays millions of page faults. Measured on cnn7, batch 128, 2 cores: 822 → 3,222 training images/s
 * (page faults 3.6 M → 0.86 M per epoch of 20,000 images) once the mmap threshold is raised to its
 * maximum (32 MiB), trimming is deferred and the heap grows in 256 MiB steps. The effect is the same as starting the JVM with
 * {@code MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
 * MALLOC_TOP_PAD_=268435456}.
 */
public final class MallocTuning {
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;
  private static final int MAX_MMAP_THRESHOLD = 32 << 20;
  private static final int TRIM_THRESHOLD = 1 << 30;
  private static final int TOP_PAD = 256 << 20;
  private static volatile boolean applied;

  /** The C library's {@code mallopt}. */
  private interface C extends Library {
    int mallopt(int param, int value);
  }

  private MallocTuning() {}

  /** Applies the tuning once per process on Linux with glibc; does nothing elsewhere. */
  public static synchronized void apply() {
    if (applied || !Platform.isLinux()) {
      return;
    }
    applied = true;
    try {
      C c = Native.load("c", C.class);
      c.mallopt(M_MMAP_THRESHOLD, MAX_MMAP_THRESHOLD);
      c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
      c.mallopt(M_TOP_PAD, TOP_PAD);
    } catch (UnsatisfiedLinkError e) {
      // Not glibc (e.g. musl): nothing to tune, training is only slower.
    }
  }
}
