/**
 * File formats shared with numpy: {@link io.gradgraph.nn.io.Npy} reads and writes {@code .npy}
 * and {@code .npz} files.
 */
package io.gradgraph.nn.io;
