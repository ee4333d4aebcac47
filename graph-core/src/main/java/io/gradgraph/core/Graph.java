package io.gradgraph.core;

import io.gradgraph.core.Elementwise.Add;
import io.gradgraph.core.Elementwise.Div;
import io.gradgraph.core.Elementwise.Mul;
import io.gradgraph.core.Elementwise.Neg;
import io.gradgraph.core.Elementwise.Sub;
import io.gradgraph.core.Leaf.Fill;
import io.gradgraph.core.Leaf.InverseSize;
import io.gradgraph.core.Structural.Broadcast;
import io.gradgraph.core.Structural.Reduce;
import io.gradgraph.core.Structural.Transpose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * A computation graph: a factory of hash-consed, immutable {@link Node}s.
 *
 * <p>Every op method checks shapes (errors name the op, the nodes and their shapes) and simplifies
 * locally as it builds: constants fold, {@code x·1}, {@code x+0} and products with zero vanish, scalar
 * factors float outward ({@code (s·A)·B → s·(A·B)}), and an identical (op, inputs) pair returns the
 * existing node. The gradient is built with the same methods, so it is simplified the same way.
 *
 * <pre>{@code
 * Graph g = new Graph();
 * Node X = g.input("X", Shape.of(2, "m"));
 * Node Y = g.input("Y", Shape.of(1, "m"));
 * Node W = g.parameter("W", 1, 2);
 * Node b = g.parameter("b", 1, 1);
 * Node A = g.sigmoid(g.add(g.matmul(W, X), b)).named("A");
 * Node J = g.mean(g.binaryCrossEntropy(A, Y)).named("J");
 * Gradients grads = g.gradients(J, W, b);        // dW = (1/m) dZ·Xᵀ, db = (1/m) Σ_cols dZ
 * System.out.println(EquationPrinter.backward(grads));
 * }</pre>
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Key, Node> interned = new HashMap<>();
    private final Map<Node, String> names = new HashMap<>();
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final Map<Node, String> hints = new HashMap<>();
    private final java.util.Set<String> hintNames = new java.util.HashSet<>();

    private record Key(Op op, List<Node> inputs) {
    }

    // ---------------------------------------------------------------- leaves

    /** A placeholder for data bound at each run, e.g. {@code input("X", Shape.of(2, "m"))}. */
    public Node input(String name, Shape shape) {
        return bound(new Leaf.Input(name, shape), name);
    }

    /** A trainable value bound at each run, e.g. {@code parameter("W1", 4, 2)}. */
    public Node parameter(String name, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new GraphException("parameter '" + name + "': a dimension must be at least 1, got " + rows + "×" + cols);
        }
        return parameter(name, Shape.of(rows, cols));
    }

    public Node parameter(String name, Shape shape) {
        return bound(new Leaf.Parameter(name, shape), name);
    }

    private Node bound(Leaf.Bound op, String name) {
        if (name == null || name.isBlank()) {
            throw new GraphException(op.name() + ": a name is required");
        }
        if (byName.containsKey(name)) {
            throw new GraphException(op.name() + " '" + name + "': the name is already used by " + byName.get(name));
        }
        Node node = apply(op);
        setName(node, name);
        return node;
    }

    /** The 1×1 constant {@code value}; it broadcasts against any shape. */
    public Node constant(double value) {
        return fill(value, Shape.SCALAR);
    }

    /** A constant of the given shape with every element equal to {@code value}. */
    public Node fill(double value, Shape shape) {
        return apply(new Fill(value, shape));
    }

    public Node zeros(Shape shape) {
        return fill(0, shape);
    }

    public Node ones(Shape shape) {
        return fill(1, shape);
    }

    /** A constant matrix (its values are copied). */
    public Node constant(DMatrixRMaj value) {
        return apply(new Leaf.Constant(value.numRows, value.numCols,
                java.util.Arrays.copyOf(value.data, value.getNumElements())));
    }

    /** The 1×1 value {@code 1/(d1·d2·…)}, e.g. {@code 1/m}, resolved when the graph runs. */
    public Node inverseSize(Dim... dims) {
        List<Dim> kept = new ArrayList<>();
        for (Dim d : dims) {
            if (!d.isOne()) {
                kept.add(d);
            }
        }
        return apply(new InverseSize(kept));
    }

    // ---------------------------------------------------------------- elementwise

    public Node add(Node a, Node b) {
        Shape s = broadcastShape(new Add(), a, b);
        a = stripBroadcast(a, b, s);
        b = stripBroadcast(b, a, s);
        if (isFill(a) && isFill(b)) {
            return fill(fillValue(a) + fillValue(b), s);
        }
        if (isFill(a, 0)) {
            return broadcastTo(b, s);
        }
        if (isFill(b, 0)) {
            return broadcastTo(a, s);
        }
        if (b.op() instanceof Neg) {
            return sub(a, b.input(0));
        }
        return apply(new Add(), a, b);
    }

    public Node sub(Node a, Node b) {
        Shape s = broadcastShape(new Sub(), a, b);
        a = stripBroadcast(a, b, s);
        b = stripBroadcast(b, a, s);
        if (isFill(a) && isFill(b)) {
            return fill(fillValue(a) - fillValue(b), s);
        }
        if (isFill(b, 0)) {
            return broadcastTo(a, s);
        }
        if (isFill(a, 0)) {
            return neg(broadcastTo(b, s));
        }
        if (a == b) {
            return zeros(s);
        }
        if (b.op() instanceof Neg) {
            return add(a, b.input(0));
        }
        return apply(new Sub(), a, b);
    }

    /** Elementwise (Hadamard) product with broadcasting; the course's {@code ∗}. */
    public Node mul(Node a, Node b) {
        Shape s = broadcastShape(new Mul(), a, b);
        a = stripBroadcast(a, b, s);
        b = stripBroadcast(b, a, s);
        if (isFill(a) && isFill(b)) {
            return fill(fillValue(a) * fillValue(b), s);
        }
        if (isFill(a, 0) || isFill(b, 0)) {
            return zeros(s);
        }
        if (isFill(a, 1)) {
            return broadcastTo(b, s);
        }
        if (isFill(b, 1)) {
            return broadcastTo(a, s);
        }
        if (isFill(a, -1)) {
            return neg(broadcastTo(b, s));
        }
        if (isFill(b, -1)) {
            return neg(broadcastTo(a, s));
        }
        boolean aScalar = a.shape().isScalar();
        boolean bScalar = b.shape().isScalar();
        if (bScalar && !aScalar) {
            return mul(b, a); // scalar factors stand on the left
        }
        if (aScalar && bScalar && ScalarConstant.isConstant(b) && !ScalarConstant.isConstant(a)) {
            return mul(b, a); // and constant ones left of the others
        }
        if (aScalar && bScalar && ScalarConstant.isConstant(a) && b.op() instanceof Mul
                && ScalarConstant.isConstant(b.input(0)) && !ScalarConstant.isConstant(b.input(1))) {
            return mul(mul(a, b.input(0)), b.input(1)); // c·(d·v) → (c·d)·v
        }
        if (aScalar && !bScalar && isScaled(b) && b.input(0).shape().isScalar()) {
            return mul(mul(a, b.input(0)), b.input(1)); // s·(t·Y) → (s·t)·Y
        }
        if (!aScalar && !bScalar) {
            if (isScaled(a)) {
                return mul(a.input(0), mul(a.input(1), b)); // (s·X)∗Y → s·(X∗Y)
            }
            if (isScaled(b)) {
                return mul(b.input(0), mul(a, b.input(1))); // X∗(s·Y) → s·(X∗Y)
            }
        }
        return apply(new Mul(), a, b);
    }

    public Node div(Node a, Node b) {
        Shape s = broadcastShape(new Div(), a, b);
        a = stripBroadcast(a, b, s);
        b = stripBroadcast(b, a, s);
        if (isFill(a) && isFill(b)) {
            return fill(fillValue(a) / fillValue(b), s);
        }
        if (isFill(b, 1)) {
            return broadcastTo(a, s);
        }
        if (isFill(a, 0) && !isFill(b, 0)) {
            return zeros(s);
        }
        return apply(new Div(), a, b);
    }

    public Node neg(Node x) {
        if (x.op() instanceof Neg) {
            return x.input(0);
        }
        if (isFill(x)) {
            return fill(-fillValue(x), x.shape());
        }
        return apply(new Neg(), x);
    }

    public Node exp(Node x) {
        return unary(new Elementwise.Exp(), x);
    }

    public Node log(Node x) {
        return unary(new Elementwise.Log(), x);
    }

    public Node sqrt(Node x) {
        return unary(new Elementwise.Sqrt(), x);
    }

    public Node square(Node x) {
        return unary(new Elementwise.Square(), x);
    }

    /** {@code x^p} for a constant exponent; {@code pow(x, 2)} is {@link #square}. */
    public Node pow(Node x, double p) {
        if (p == 1) {
            return x;
        }
        if (p == 0) {
            return ones(x.shape());
        }
        if (p == 2) {
            return square(x);
        }
        return unary(new Elementwise.Pow(p), x);
    }

    public Node tanh(Node x) {
        return unary(new Elementwise.Tanh(), x);
    }

    public Node sigmoid(Node x) {
        return unary(new Elementwise.Sigmoid(), x);
    }

    public Node relu(Node x) {
        return unary(new Elementwise.Relu(), x);
    }

    /** {@code x > 0 ? x : alpha·x}. */
    public Node leakyRelu(Node x, double alpha) {
        return unary(new Elementwise.LeakyRelu(alpha), x);
    }

    /** {@code x > 0 ? 1 : 0}, the derivative of ReLU. */
    public Node step(Node x) {
        return unary(new Elementwise.Step(0), x);
    }

    /** {@code |x|}; its gradient at 0 is 0. */
    public Node abs(Node x) {
        return unary(new Elementwise.Abs(), x);
    }

    /** {@code sign(x)}: −1, 0 or 1, the derivative of {@link #abs}; its own gradient is 0. */
    public Node sign(Node x) {
        return unary(new Elementwise.Sign(), x);
    }

    /** {@code log(1 + eˣ)}, computed stably; its gradient is {@code σ(x)}. */
    public Node softplus(Node x) {
        return unary(new Elementwise.Softplus(), x);
    }

    public Node sin(Node x) {
        return unary(new Elementwise.Sin(), x);
    }

    public Node cos(Node x) {
        return unary(new Elementwise.Cos(), x);
    }

    /**
     * {@code min(max(x, lo), hi)} for constants {@code lo ≤ hi} (either may be infinite; NaN is
     * refused). At a bound the gradient is split evenly between x and the bound: ½.
     */
    public Node clip(Node x, double lo, double hi) {
        return unary(new Elementwise.Clip(lo, hi), x);
    }

    /** The value of {@code x}, with a zero gradient: nothing is propagated back through it. */
    public Node stopGradient(Node x) {
        if (x.op() instanceof Elementwise.StopGradient || isFill(x)) {
            return x;
        }
        return apply(new Elementwise.StopGradient(), x);
    }

    /**
     * Elementwise maximum with broadcasting (NaN if either is NaN). The gradient goes to the larger
     * argument; on a tie it is split evenly, ½ to each, as JAX does.
     */
    public Node maximum(Node a, Node b) {
        return binary(new Elementwise.Maximum(), a, b);
    }

    /** Elementwise minimum with broadcasting; the gradient on a tie is split evenly, as {@link #maximum}. */
    public Node minimum(Node a, Node b) {
        return binary(new Elementwise.Minimum(), a, b);
    }

    /** The Heaviside step of {@code a − b}, with {@code H(0) = ½}: the derivative of maximum, minimum and clip. */
    Node heaviside(Node a, Node b) {
        return binary(new Elementwise.Heaviside(), a, b);
    }

    /**
     * Elementwise binary cross-entropy {@code −(y log a + (1 − y) log(1 − a))}. When {@code a} is
     * {@code σ(z)}, it is computed stably from {@code z} and differentiates to {@code a − y}.
     */
    public Node binaryCrossEntropy(Node a, Node y) {
        if (a.op() instanceof Elementwise.Sigmoid) {
            return apply(new Elementwise.SigmoidCrossEntropy(), a.input(0), y);
        }
        return apply(new Elementwise.BinaryCrossEntropy(), a, y);
    }

    /**
     * The softmax of each column, {@code exp(z) / Σ_rows exp(z)}: in the course's layout the rows of
     * z are the classes and each column is an example. Stable (each column is shifted by its
     * maximum). Its gradient is {@code S ∗ (G − Σ_rows(G ∗ S))}, S the output.
     */
    public Node softmax(Node z) {
        return apply(new Categorical.Softmax(), z);
    }

    /** {@code log Σ_rows exp(z)} of each column, 1×cols, stable; its gradient is {@code G ∗ softmax(z)}. */
    public Node logSumExp(Node z) {
        return apply(new Categorical.LogSumExp(), z);
    }

    /**
     * The per-example categorical cross-entropy of {@code softmax(z)} against the labels {@code y}
     * (one-hot columns, or distributions, same shape as z): {@code −Σ_rows y ∗ log softmax(z)}, 1×m,
     * computed stably from the logits as {@code logsumexp(z) − Σ_rows y ∗ z}. {@code mean(softmaxCrossEntropy(Z, Y))} is the cost; its gradient with respect
     * to Z is {@code (1/m)(A − Y)} with {@code A = softmax(Z)}, which the printer shows as
     * {@code dZ = A − Y}.
     */
    public Node softmaxCrossEntropy(Node z, Node y) {
        return apply(new Categorical.SoftmaxCrossEntropy(), z, y);
    }

    /**
     * The per-example categorical cross-entropy {@code −Σ_rows y ∗ log a}, 1×m. When {@code a} is
     * {@code softmax(z)} it is {@link #softmaxCrossEntropy}{@code (z, y)}: stable, and differentiating
     * to {@code A − Y}.
     */
    public Node categoricalCrossEntropy(Node a, Node y) {
        if (a.op() instanceof Categorical.Softmax) {
            return softmaxCrossEntropy(a.input(0), y);
        }
        if (!a.shape().equals(y.shape())) {
            throw new GraphException("categorical cross-entropy of " + a.label() + " (" + a.shape() + ") against "
                    + y.label() + " (" + y.shape() + "): the probabilities and the labels must have the same shape "
                    + "(classes × examples)");
        }
        return neg(sum(mul(y, log(a)), 0, true));
    }

    private Node binary(Elementwise.Binary op, Node a, Node b) {
        Shape s = broadcastShape(op, a, b);
        a = stripBroadcast(a, b, s);
        b = stripBroadcast(b, a, s);
        if (isFill(a) && isFill(b)) {
            return fill(op.apply(fillValue(a), fillValue(b)), s);
        }
        return apply(op, a, b);
    }

    private Node unary(Elementwise.Unary op, Node x) {
        if (isFill(x)) {
            return fill(op.apply(fillValue(x)), x.shape());
        }
        return apply(op, x);
    }

    // ---------------------------------------------------------------- structure

    /** Matrix product {@code a·b}: (r×k)·(k×c) → r×c. */
    public Node matmul(Node a, Node b) {
        Shape s = new Structural.MatMul().shape(List.of(a, b));
        if (isFill(a, 0) || isFill(b, 0)) {
            return zeros(s);
        }
        if (isScaled(a)) {
            return mul(a.input(0), matmul(a.input(1), b));
        }
        if (isScaled(b)) {
            return mul(b.input(0), matmul(a, b.input(1)));
        }
        return apply(new Structural.MatMul(), a, b);
    }

    public Node transpose(Node x) {
        if (x.op() instanceof Transpose) {
            return x.input(0);
        }
        if (isFill(x)) {
            return fill(fillValue(x), x.shape().transpose());
        }
        if (x.shape().isScalar()) {
            return x;
        }
        if (isScaled(x)) {
            return mul(x.input(0), transpose(x.input(1)));
        }
        if (x.op() instanceof Structural.MatMul) {
            return matmul(transpose(x.input(1)), transpose(x.input(0))); // (A·B)ᵀ = Bᵀ·Aᵀ
        }
        return apply(new Transpose(), x);
    }

    /** Sum of all elements, 1×1. */
    public Node sum(Node x) {
        return sum(x, -1, true);
    }

    /**
     * Sum along an axis as numpy's {@code np.sum(x, axis, keepdims)}: axis 0 sums down the rows
     * (→ 1×cols), axis 1 along the columns (→ rows×1, or 1×rows without keepdims), -1 everything.
     */
    public Node sum(Node x, int axis, boolean keepdims) {
        Shape s = new Reduce(Reduction.SUM, axis, keepdims).shape(List.of(x));
        if (isScaled(x)) {
            return mul(x.input(0), sum(x.input(1), axis, keepdims));
        }
        if (isFill(x, 0)) {
            return zeros(s);
        }
        return reduce(Reduction.SUM, x, axis, keepdims);
    }

    /** The largest element, 1×1 (NaN if any is NaN); the gradient is split evenly among tied maxima. */
    public Node max(Node x) {
        return max(x, -1, true);
    }

    /**
     * The largest element along an axis, as numpy's {@code np.max(x, axis, keepdims)} (axes as
     * {@link #sum(Node, int, boolean)}). The gradient goes to the maximal elements, split evenly
     * among ties, as JAX does.
     */
    public Node max(Node x, int axis, boolean keepdims) {
        return reduce(Reduction.MAX, x, axis, keepdims);
    }

    /** The smallest element, 1×1; the gradient is split evenly among tied minima. */
    public Node min(Node x) {
        return min(x, -1, true);
    }

    /** The smallest element along an axis, as numpy's {@code np.min(x, axis, keepdims)}. */
    public Node min(Node x, int axis, boolean keepdims) {
        return reduce(Reduction.MIN, x, axis, keepdims);
    }

    /** {@code [a = b]}, 1 where equal, else 0: the mask of a max or min reduction's gradient. */
    Node equal(Node a, Node b) {
        return binary(new Elementwise.Equal(), a, b);
    }

    /**
     * A reduction along an axis, as numpy's {@code np.sum}/{@code np.max(x, axis, keepdims)}: axis 0
     * down the rows (→ 1×cols), axis 1 along the columns (→ rows×1, or 1×rows without keepdims), -1
     * everything. A reduction over a dimension of size 1 is {@code x} itself.
     */
    public Node reduce(Reduction reduction, Node x, int axis, boolean keepdims) {
        Reduce op = new Reduce(reduction, axis, keepdims);
        if (op.shape(List.of(x)).equals(x.shape())) {
            return x;
        }
        return apply(op, x);
    }

    /** Mean of all elements: {@code (1/(rows·cols)) Σ x}. */
    public Node mean(Node x) {
        return mul(inverseSize(x.shape().rows(), x.shape().cols()), sum(x));
    }

    /** Mean along an axis, as {@code np.mean(x, axis, keepdims)}. */
    public Node mean(Node x, int axis, boolean keepdims) {
        if (axis == -1) {
            return mean(x);
        }
        Dim count = axis == 0 ? x.shape().rows() : x.shape().cols();
        return mul(inverseSize(count), sum(x, axis, keepdims));
    }

    /** Broadcasts {@code x} numpy-style to {@code shape}. */
    public Node broadcastTo(Node x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        if (isFill(x)) {
            new Broadcast(shape).shape(List.of(x));
            return fill(fillValue(x), shape);
        }
        if (x.op() instanceof Broadcast) {
            return broadcastTo(x.input(0), shape);
        }
        return apply(new Broadcast(shape), x);
    }

    // ---------------------------------------------------------------- gradients

    /**
     * Reverse-mode gradients of a 1×1 {@code cost} with respect to each of {@code wrt}, as new nodes.
     * A node the cost does not depend on gets zeros. The gradient of a named node {@code W} is named
     * {@code dW}, or {@code dJ2_dW} when {@code dW} is taken (a second-order gradient of {@code J2}).
     */
    public Gradients gradients(Node cost, Node... wrt) {
        return Autodiff.gradients(cost, List.of(wrt));
    }

    public Gradients gradients(Node cost, List<Node> wrt) {
        return Autodiff.gradients(cost, wrt);
    }

    /**
     * The vector-Jacobian products of an output of any shape: for each w of {@code wrt}, the
     * gradient of {@code Σ (output ∗ cotangent)} with respect to w, as new nodes. The cotangent has
     * the output's shape (or broadcasts to it); a 1×1 output with the cotangent 1 gives
     * {@link #gradients(Node, List)}. A node the output does not depend on gets zeros.
     *
     * <pre>{@code
     * Node V = g.input("V", A.shape());                      // the cotangent, bound per run
     * Gradients vjp = g.gradients(A, V, List.of(W1, b1));    // Vᵀ·∂A/∂W1, …
     * }</pre>
     *
     * (The wrt nodes are a list so that this cannot be confused with {@code gradients(cost, W, b)}.)
     */
    public Gradients gradients(Node output, Node cotangent, List<Node> wrt) {
        return Autodiff.gradients(output, cotangent, wrt);
    }

    /** {@link #gradients(Node, Node, List)} with the wrt nodes as arguments. */
    public Gradients vjp(Node output, Node cotangent, Node... wrt) {
        return Autodiff.gradients(output, cotangent, List.of(wrt));
    }

    // ---------------------------------------------------------------- raw construction and lookup

    /**
     * Applies {@code op} to {@code inputs} without simplification: checks the shapes, then returns
     * the existing node for (op, inputs) or a new one.
     */
    public Node apply(Op op, Node... inputs) {
        List<Node> in = List.of(inputs);
        for (Node n : in) {
            if (n.graph() != this) {
                throw new GraphException(op.name() + ": node " + n.label() + " belongs to another graph");
            }
        }
        Key key = new Key(op, in);
        Node existing = interned.get(key);
        if (existing != null) {
            return existing;
        }
        Shape shape = op.shape(in);
        Node node = new Node(this, nodes.size(), op, in, shape);
        nodes.add(node);
        interned.put(key, node);
        return node;
    }

    /** The node for (op, inputs) if it was built. */
    public Optional<Node> find(Op op, Node... inputs) {
        return Optional.ofNullable(interned.get(new Key(op, List.of(inputs))));
    }

    /** The node with this name. */
    public Optional<Node> node(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The node with this name, or an error listing the names there are. */
    public Node require(String name) {
        Node n = byName.get(name);
        if (n == null) {
            throw new GraphException("no node named '" + name + "'; named nodes: " + byName.keySet());
        }
        return n;
    }

    /** All nodes in creation order, which is a topological order. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The nodes these depend on (themselves included), in ascending id, a topological order. */
    public static List<Node> topologicalOrder(List<Node> roots) {
        java.util.Set<Node> seen = new java.util.HashSet<>();
        List<Node> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (seen.add(n)) {
                stack.addAll(n.inputs());
            }
        }
        List<Node> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return sorted;
    }

    Optional<String> hintOf(Node node) {
        return Optional.ofNullable(hints.get(node));
    }

    /** Suggests a display name for an unnamed node; the first suggestion stays. */
    void hint(Node node, String name) {
        if (hints.putIfAbsent(node, name) == null) {
            hintNames.add(name);
        }
    }

    /** True when a node has this name or it was suggested for one. */
    boolean isUsedName(String name) {
        return byName.containsKey(name) || hintNames.contains(name);
    }

    Optional<String> nameOf(Node node) {
        return Optional.ofNullable(names.get(node));
    }

    void setName(Node node, String name) {
        if (name == null || name.isBlank()) {
            throw new GraphException("a node name must not be blank");
        }
        String old = names.get(node);
        if (name.equals(old)) {
            return;
        }
        if (old != null) {
            throw new GraphException("node " + old + " (" + node.shape() + ") cannot also be named '" + name
                    + "': the same expression was built twice and is shared; name it once");
        }
        Node other = byName.get(name);
        if (other != null) {
            throw new GraphException("the name '" + name + "' is already used by " + other);
        }
        names.put(node, name);
        byName.put(name, node);
    }

    boolean isFree(String name) {
        return !byName.containsKey(name);
    }

    // ---------------------------------------------------------------- helpers

    private Shape broadcastShape(Op op, Node a, Node b) {
        return op.shape(List.of(a, b));
    }

    /** Drops an explicit broadcast of {@code x} when the op's own broadcasting gives the same shape. */
    private static Node stripBroadcast(Node x, Node other, Shape result) {
        if (x.op() instanceof Broadcast && Shape.broadcast(x.input(0).shape(), other.shape())
                .filter(result::equals).isPresent()) {
            return x.input(0);
        }
        return x;
    }

    static boolean isFill(Node n) {
        return n.op() instanceof Fill;
    }

    static boolean isFill(Node n, double value) {
        return n.op() instanceof Fill f && f.value() == value;
    }

    private static double fillValue(Node n) {
        return ((Fill) n.op()).value();
    }

    /** A constant factor such as {@code 1/m} or {@code 2·(1/m)}: see {@link ScalarConstant}. */
    static boolean isConstantFactor(Node n) {
        return ScalarConstant.isConstant(n);
    }

    /** {@code s·X} with a 1×1 factor s and a non-scalar X. */
    static boolean isScaled(Node n) {
        return n.op() instanceof Mul && n.input(0).shape().isScalar() && !n.input(1).shape().isScalar();
    }
}
