/**
 * ONNX import: a trained ANN written by PyTorch, TensorFlow, JAX or any other ONNX exporter, read
 * into a core {@link org.spikebridge.network.Network} that every conversion method and engine
 * accepts. The protobuf messages are Tribuo's generated ONNX classes; nothing here parses the wire
 * format by hand. Only this module depends on protobuf: core stays free of it.
 */
package org.spikebridge.onnx;
