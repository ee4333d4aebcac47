/**
 * Data sets in the course's layout, one example per column: the {@link io.gradgraph.nn.data.Dataset}
 * record and loaders for the course's planar "flower" data ({@link
 * io.gradgraph.nn.data.PlanarDataset}), seeded spirals of K classes ({@link
 * io.gradgraph.nn.data.SpiralDataset}), HDF5 files such as the cat pictures ({@link
 * io.gradgraph.nn.data.Hdf5Dataset}) and CSV files ({@link io.gradgraph.nn.data.CsvDataset}).
 * Loading problems (a missing key, a value that is not finite, a label that is not a class, a
 * malformed CSV cell) are reported as {@link io.gradgraph.nn.data.DatasetException}, naming the file.
 */
package io.gradgraph.nn.data;
