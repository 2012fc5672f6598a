/**
 * File helpers every other package shares: atomic writes (temporary file + rename). Nothing here
 * knows about networks or datasets.
 */
package org.spikebridge.files;
