/**
 * The {@code spikebridge} command line (picocli): argument parsing, progress bars and printed
 * summaries. Commands only wire library calls together; the work lives in the library modules.
 */
package org.spikebridge.cli;
