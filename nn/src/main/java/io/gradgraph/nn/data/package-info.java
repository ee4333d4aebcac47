/**
 * Data sets in the course's layout, one example per column: the {@link io.gradgraph.nn.data.Dataset}
 * record and loaders for the course's planar "flower" data ({@link
 * io.gradgraph.nn.data.PlanarDataset}), HDF5 files such as the cat pictures ({@link
 * io.gradgraph.nn.data.Hdf5Dataset}) and CSV files ({@link io.gradgraph.nn.data.CsvDataset}).
 * Loading problems are reported as {@link io.gradgraph.nn.data.DatasetException}.
 */
package io.gradgraph.nn.data;
