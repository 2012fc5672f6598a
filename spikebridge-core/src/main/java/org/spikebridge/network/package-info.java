/**
 * The plain-Java description of a network: layers as immutable records forming a DAG, shape
 * inference, parameters, provenance, and the model zoo. This is the hub every back end builds from;
 * nothing here may depend on DJL or any native code.
 */
package org.spikebridge.network;
