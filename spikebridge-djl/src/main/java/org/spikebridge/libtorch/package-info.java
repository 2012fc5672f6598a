/**
 * What runs on libtorch through DJL besides training: the linear layer operations shared with
 * training, the dense reference simulation engine (CPU, or CUDA where DJL has it), and the glibc
 * tuning that keeps libtorch's allocations fast. Nothing here decides thresholds or writes files.
 */
package org.spikebridge.libtorch;
