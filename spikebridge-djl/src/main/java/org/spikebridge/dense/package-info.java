/**
 * The dense simulation engine: every neuron of every layer updated at every time step as tensors
 * on libtorch through DJL (CPU, or CUDA where DJL has it), the reference the event-driven engine is
 * checked against. Beside it, what training shares with it: the linear layer operations, device
 * selection, and the glibc tuning that keeps libtorch's allocations fast. Nothing here decides
 * thresholds or writes files.
 */
package org.spikebridge.dense;
