/**
 * File helpers every other package shares: atomic writes (temporary file + rename), the JSON field
 * checks of manifests, and a reader for NumPy's {@code .npy} arrays (header parsed, never
 * unpickled). Nothing here knows about networks or datasets.
 */
package org.spikebridge.files;
