package io.gradgraph.kernel;

import java.util.Objects;

/** A {@link Kernels} implementation: a matrix engine (with its thin loops), array math and a thread budget. */
final class KernelSet implements Kernels {
    final Engine engine;
    final ArrayMath arrayMath;
    final int threads;
    private final String note;

    KernelSet(Engine engine, ArrayMath arrayMath, int threads, String note) {
        this.engine = engine;
        this.arrayMath = arrayMath;
        this.threads = threads;
        this.note = note;
    }

    @Override
    public String name() {
        return engine.name() + note + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public boolean usesVectorApi() {
        return !(engine instanceof ScalarEngine);
    }

    @Override
    public void multiply(int m, int n, int k, double[] a, int aOffset, boolean transA, double[] b, int bOffset,
                         boolean transB, double[] c, int cOffset, boolean accumulate) {
        MatMul.run(MatMul.Path.AUTO, engine, threads, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset,
                accumulate);
    }

    @Override
    public void tanh(double[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        arrayMath.tanh(values, offset, offset + length);
    }

    @Override
    public void exp(double[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        arrayMath.exp(values, offset, offset + length);
    }

    @Override
    public void log1p(double[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        arrayMath.log1p(values, offset, offset + length);
    }

    @Override
    public String arrayImplementation() {
        return arrayMath.name();
    }

    @Override
    public String toString() {
        return name();
    }
}
