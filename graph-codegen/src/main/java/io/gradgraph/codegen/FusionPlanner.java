package io.gradgraph.codegen;

import io.gradgraph.codegen.Plan.Kind;
import io.gradgraph.codegen.Plan.Read;
import io.gradgraph.codegen.Plan.Step;
import io.gradgraph.codegen.Plan.Storage;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Lowering;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Groups the nodes computing a set of outputs into the steps of generated code, and plans where
 * every value lives.
 *
 * <ol>
 *   <li><b>Views.</b> Transposes and broadcasts are index changes: a reader sees its input through an
 *       {@link Access} (base node and strides), so they are never copied. A matrix product reads a
 *       transposed operand with the kernel's trans flag.</li>
 *   <li><b>Vertical fusion.</b> Walking backwards, an elementwise node joins the loop of its readers
 *       when all of them are in one loop over its shape and read it element for element. A sum joins
 *       the loop producing its input. The loop that reads a product element for element is the
 *       product's epilogue (bias add, activation, scaling).</li>
 *   <li><b>Horizontal fusion.</b> Loops over the same shape merge when no reader in one needs a value
 *       that the other computes at another index (a transpose, a broadcast, a finished sum), and the
 *       merge does not create a cycle through another step. This puts, for example, {@code A = σ(Z)},
 *       the cost terms, their sum and {@code A − Y} in one loop.</li>
 *   <li><b>Buffers.</b> A value is stored only when it is an output or read outside its loop; 1×1
 *       values live in {@code double} fields. Arrays are assigned by liveness: a value may reuse the
 *       buffer of one that dies in the step producing it when that step reads the dying value element
 *       for element (in place), and scratch values may live in an output array before the output is
 *       written (so a product followed by a scaling writes straight into {@code dW}).</li>
 * </ol>
 *
 * <p>The result only depends on node ids and the order of the outputs, so the same graph always gives
 * the same plan and the same source.
 */
final class FusionPlanner {
    private final List<Node> outputs;
    private final Set<Node> outputSet;
    private final List<Node> nodes;
    private final Map<Node, Kind> kinds = new HashMap<>();
    /** Each node's {@link Lowering}, asked once. */
    private final Map<Node, Lowering> lowerings = new HashMap<>();
    /** Views and inline values that must be written to memory (outputs, or a product's operand). */
    private final Set<Node> materialized = new LinkedHashSet<>();
    /** Nodes computed inside loops: elementwise ops, sums and the materialized views and constants. */
    private final Set<Node> members = new LinkedHashSet<>();
    private final Map<Node, List<Read>> readsBy = new HashMap<>();
    private final Map<Node, List<Read>> readsOf = new HashMap<>();
    private final Map<Node, Unit> unitOf = new HashMap<>();
    /** The live units, in creation order. */
    private final Set<Unit> units = new LinkedHashSet<>();
    /** While fusing: unit → units reading from it and back, a topological order (null: merged away), positions. */
    private Map<Unit, Set<Unit>> succ;
    private Map<Unit, Set<Unit>> pred;
    private List<Unit> order;
    private Map<Unit, Integer> position;

    /** A loop or a product while planning. */
    private static final class Unit {
        final Shape space; // null for a product or a call
        final List<Node> nodes = new ArrayList<>();
        /** Nodes computed from this loop's finished sums: after each row, or after the whole loop. */
        final List<Node> epilogue = new ArrayList<>();

        Unit(Shape space) {
            this.space = space;
        }

        /** PortableMath calls made by its members. */
        int calls;

        boolean isLoop() {
            return space != null;
        }

        void add(Node n, int mathCalls) {
            nodes.add(n);
            calls += mathCalls;
        }

        int firstId() {
            return nodes.stream().mapToInt(Node::id).min().orElseThrow();
        }
    }

    private FusionPlanner(List<Node> outputs) {
        if (outputs.isEmpty()) {
            throw new GraphException("an executable needs at least one output");
        }
        Graph graph = outputs.get(0).graph();
        for (Node o : outputs) {
            if (o.graph() != graph) {
                throw new GraphException("outputs " + outputs.get(0).label() + " and " + o.label()
                        + " belong to different graphs");
            }
        }
        this.outputs = List.copyOf(new LinkedHashSet<>(outputs));
        this.outputSet = new HashSet<>(this.outputs);
        this.nodes = Graph.topologicalOrder(this.outputs);
    }

    /** Plans the generated code computing {@code outputs}. */
    static Plan plan(List<Node> outputs) {
        return new FusionPlanner(outputs).run();
    }

    private Plan run() {
        classify();
        collectReads();
        fuseVertically();
        fuseHorizontally();
        fuseEpilogues();
        List<Unit> ordered = topologicalUnits();
        return assign(ordered);
    }

    // ---------------------------------------------------------------- classification and reads

    private void classify() {
        for (Node n : nodes) {
            Lowering lowering = n.op().lowering();
            lowerings.put(n, lowering);
            kinds.put(n, kind(lowering));
        }
        for (Node n : nodes) {
            Kind kind = kinds.get(n);
            if ((kind == Kind.VIEW || kind == Kind.INLINE) && outputSet.contains(n)) {
                materialized.add(n);
            }
            if (kind == Kind.PRODUCT || kind == Kind.CALL) {
                for (Node operand : n.inputs()) {
                    Access a = resolve(operand);
                    if (!isPlainOperand(a) || kind == Kind.CALL && !a.identity()) {
                        materialized.add(operand);
                    }
                }
            }
        }
        for (Node n : nodes) {
            if (kinds.get(n) == Kind.ELEMENT || materialized.contains(n)) {
                members.add(n);
            }
        }
    }

    static Kind kind(Lowering lowering) {
        if (lowering instanceof Lowering.Bound || lowering instanceof Lowering.Matrix) {
            return Kind.SOURCE;
        }
        if (lowering instanceof Lowering.Fill || lowering instanceof Lowering.InverseSize) {
            return Kind.INLINE;
        }
        if (lowering instanceof Lowering.View) {
            return Kind.VIEW;
        }
        if (lowering instanceof Lowering.Product) {
            return Kind.PRODUCT;
        }
        if (lowering instanceof Lowering.Pointwise || lowering instanceof Lowering.Reduce) {
            return Kind.ELEMENT;
        }
        return Kind.CALL;
    }

    /** The reduction a node computes, or null. */
    private Lowering.Reduce reduction(Node n) {
        return lowerings.get(n) instanceof Lowering.Reduce r ? r : null;
    }

    private boolean isPlainOperand(Access a) {
        return kinds.get(a.base()) != Kind.INLINE && (a.identity() || a.transposed());
    }

    /** How a node is seen by its readers: through any chain of transposes and broadcasts. */
    private Access resolve(Node n) {
        List<Node> views = new ArrayList<>();
        Node base = n;
        while (lowerings.get(base) instanceof Lowering.View) {
            views.add(base);
            base = base.input(0);
        }
        Access a = Access.of(base);
        for (int x = views.size() - 1; x >= 0; x--) {
            Node view = views.get(x);
            if (((Lowering.View) lowerings.get(view)).transposes()) {
                a = a.transpose();
            }
            a = a.broadcast(view.shape());
        }
        return a;
    }

    private void collectReads() {
        for (Node n : nodes) {
            List<Read> reads = new ArrayList<>();
            if (kinds.get(n) == Kind.PRODUCT || kinds.get(n) == Kind.CALL) {
                for (Node operand : n.inputs()) {
                    reads.add(new Read(n, materialized.contains(operand) ? Access.of(operand) : resolve(operand)));
                }
            } else if (members.contains(n)) {
                if (kinds.get(n) == Kind.VIEW) {
                    reads.add(new Read(n, resolve(n)));
                } else if (reduction(n) != null) {
                    reads.add(new Read(n, resolve(n.input(0))));
                } else if (kinds.get(n) == Kind.ELEMENT) {
                    for (Node in : n.inputs()) {
                        Access a = resolve(in);
                        reads.add(new Read(n, a.shape().equals(n.shape()) ? a : a.broadcast(n.shape())));
                    }
                }
            }
            readsBy.put(n, reads);
            for (Read r : reads) {
                if (usesMemory(r)) {
                    readsOf.computeIfAbsent(r.access().base(), k -> new ArrayList<>()).add(r);
                }
            }
        }
    }

    /** Loops write constants in place; only a product or a call reads a materialized constant from memory. */
    private boolean usesMemory(Read r) {
        return kinds.get(r.access().base()) != Kind.INLINE || !isLoopKind(kinds.get(r.reader()));
    }

    private static boolean isLoopKind(Kind kind) {
        return kind != Kind.PRODUCT && kind != Kind.CALL;
    }

    /** The iteration shape of the loop computing a member: a reduction iterates over its input. */
    private Shape space(Node n) {
        return reduction(n) != null ? n.input(0).shape() : n.shape();
    }

    // ---------------------------------------------------------------- fusion

    /**
     * Members of one loop at most, and {@code PortableMath} calls (each level of
     * nested calls is one more pass over a chunk): each loop method stays far below HotSpot's
     * 8,000-byte {@code HugeMethodLimit}, above which a method is never compiled. A longer chain is
     * split into loops that store their last value.
     */
    static final int MAX_LOOP_MEMBERS = 32;
    static final int MAX_LOOP_CALLS = 4;
    /** Loops of the same shape that horizontal fusion tries for each loop: the nearest before it. */
    static final int MERGE_WINDOW = 8;

    private void fuseVertically() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!isLoopKind(kinds.get(n))) {
                Unit product = newUnit(null);
                product.add(n, 0);
                unitOf.put(n, product);
                continue;
            }
            if (!members.contains(n)) {
                continue;
            }
            Shape space = space(n);
            Unit target = null;
            boolean join = kinds.get(n) == Kind.ELEMENT && reduction(n) == null
                    && !readsOf.getOrDefault(n, List.of()).isEmpty();
            for (Read r : readsOf.getOrDefault(n, List.of())) {
                Unit u = unitOf.get(r.reader());
                if (u == null || !u.isLoop() || !u.space.equals(space) || !r.access().identity()
                        || (target != null && target != u)) {
                    join = false;
                    break;
                }
                target = u;
            }
            int calls = mathCalls(n);
            join = join && target.nodes.size() < MAX_LOOP_MEMBERS && target.calls + calls <= MAX_LOOP_CALLS;
            Unit unit = join ? target : newUnit(space);
            unit.add(n, calls);
            unitOf.put(n, unit);
        }
    }

    /** How many PortableMath calls a node's Java expression makes. */
    int mathCalls(Node n) {
        return lowerings.get(n) instanceof Lowering.Pointwise p ? mathCalls(p) : 0;
    }

    static int mathCalls(Lowering.Pointwise p) {
        int[] count = {0};
        p.expression().java((function, argument) -> {
            count[0]++;
            return argument;
        }, "x", "y");
        return count[0];
    }

    private Unit newUnit(Shape space) {
        Unit u = new Unit(space);
        units.add(u);
        return u;
    }

    private static boolean fitTogether(Unit a, Unit b) {
        return a.nodes.size() + b.nodes.size() <= MAX_LOOP_MEMBERS && a.calls + b.calls <= MAX_LOOP_CALLS;
    }

    /**
     * Merges each loop, in topological order, into the first of the nearest earlier loops over the
     * same shape it can join. One pass: a merge only adds constraints, so a pair that could not merge
     * never can later. The graph of units and a topological order are updated in place after each
     * merge, and a path between two units can only pass the units between them: the work per merge
     * is bounded by the distance between the two units, not by the size of the graph.
     */
    private void fuseHorizontally() {
        index();
        Map<Shape, List<Unit>> bySpace = new HashMap<>();
        for (Unit b : new ArrayList<>(order)) {
            if (!b.isLoop()) {
                continue;
            }
            List<Unit> seen = bySpace.computeIfAbsent(b.space, k -> new ArrayList<>());
            List<Unit> candidates = new ArrayList<>();
            for (int x = seen.size() - 1; x >= 0 && candidates.size() < MERGE_WINDOW; x--) {
                if (position.get(seen.get(x)) < position.get(b)) {
                    candidates.add(seen.get(x));
                }
            }
            candidates.sort(Comparator.comparingInt(position::get));
            boolean merged = false;
            for (Unit a : candidates) {
                if (!fitTogether(a, b) || !readsAtSameIndex(a, b) || !readsAtSameIndex(b, a)) {
                    continue;
                }
                Set<Unit> between = descendantsBefore(a, b);
                if (between != null) {
                    merge(a, b);
                    absorb(a, b, between);
                    merged = true;
                    break;
                }
            }
            if (!merged) {
                seen.add(b);
            }
        }
    }

    /** Builds the graph of units, a topological order and the positions in it. */
    private void index() {
        succ = successors();
        pred = new HashMap<>();
        for (Unit u : units) {
            pred.put(u, new LinkedHashSet<>());
        }
        succ.forEach((u, next) -> next.forEach(v -> pred.get(v).add(u)));
        order = new ArrayList<>(topologicalUnits(succ));
        position = positions(order);
    }

    private static Map<Unit, Integer> positions(List<Unit> order) {
        Map<Unit, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        return position;
    }

    /**
     * For {@code from} before {@code to}: the units between them reachable from {@code from}, or null
     * when {@code to} is reachable through at least one other unit (merging would make a cycle). A
     * path from {@code from} to {@code to} only passes units between them in the order.
     */
    private Set<Unit> descendantsBefore(Unit from, Unit to) {
        int limit = position.get(to);
        Set<Unit> seen = new HashSet<>();
        List<Unit> stack = new ArrayList<>();
        for (Unit s : succ.get(from)) {
            if (s != to && position.get(s) < limit) {
                stack.add(s);
            }
        }
        while (!stack.isEmpty()) {
            Unit u = stack.remove(stack.size() - 1);
            if (seen.add(u)) {
                for (Unit s : succ.get(u)) {
                    if (s == to) {
                        return null;
                    }
                    if (position.get(s) < limit) {
                        stack.add(s);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Updates the graph of units and the order after {@code from}'s nodes joined {@code into} (which
     * comes first): between them, the units that are not {@code descendants} of {@code into} move
     * before it, its descendants after it. That is a topological order again, as no unit between
     * them is both a descendant of {@code into} and an ancestor of {@code from}.
     */
    private void absorb(Unit into, Unit from, Set<Unit> descendants) {
        for (Unit s : succ.remove(from)) {
            pred.get(s).remove(from);
            if (s != into) {
                pred.get(s).add(into);
                succ.get(into).add(s);
            }
        }
        for (Unit p : pred.remove(from)) {
            succ.get(p).remove(from);
            if (p != into) {
                succ.get(p).add(into);
                pred.get(into).add(p);
            }
        }
        int first = position.get(into);
        int last = position.remove(from);
        List<Unit> rest = new ArrayList<>();
        List<Unit> after = new ArrayList<>();
        for (int x = first + 1; x < last; x++) {
            Unit u = order.get(x);
            if (u != null) {
                (descendants.contains(u) ? after : rest).add(u);
            }
        }
        List<Unit> segment = new ArrayList<>(rest);
        segment.add(into);
        segment.addAll(after);
        for (int x = first; x <= last; x++) {
            Unit u = x - first < segment.size() ? segment.get(x - first) : null;
            order.set(x, u);
            if (u != null) {
                position.put(u, x);
            }
        }
    }

    /** True when every read of a value of {@code from} by a member of {@code to} is element for element. */
    private boolean readsAtSameIndex(Unit from, Unit to) {
        for (Node reader : to.nodes) {
            for (Read r : readsBy.get(reader)) {
                if (usesMemory(r) && unitOf.get(r.access().base()) == from
                        && (!r.access().identity() || reduction(r.access().base()) != null)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void merge(Unit into, Unit from) {
        for (Node n : from.nodes) {
            into.nodes.add(n);
            unitOf.put(n, into);
        }
        into.calls += from.calls;
        units.remove(from);
    }

    /** Unit → the units reading a value it computes. */
    private Map<Unit, Set<Unit>> successors() {
        Map<Unit, Set<Unit>> successors = new HashMap<>();
        for (Unit u : units) {
            successors.put(u, new LinkedHashSet<>());
        }
        for (Unit u : units) {
            for (Node reader : u.nodes) {
                for (Read r : readsBy.get(reader)) {
                    Unit from = usesMemory(r) ? unitOf.get(r.access().base()) : null;
                    if (from != null && from != u) {
                        successors.get(from).add(u);
                    }
                }
            }
        }
        return successors;
    }

    private List<Unit> topologicalUnits() {
        return topologicalUnits(successors());
    }

    /** The units in an order where every unit follows those it reads from; ties go to the lowest node id. */
    private List<Unit> topologicalUnits(Map<Unit, Set<Unit>> successors) {
        Map<Unit, Integer> pending = new HashMap<>();
        for (Unit u : units) {
            pending.put(u, 0);
        }
        for (Set<Unit> next : successors.values()) {
            for (Unit s : next) {
                pending.merge(s, 1, Integer::sum);
            }
        }
        Map<Unit, Integer> firstId = new HashMap<>();
        for (Unit u : units) {
            firstId.put(u, u.firstId());
        }
        PriorityQueue<Unit> ready = new PriorityQueue<>(Comparator.comparingInt(firstId::get));
        for (Unit u : units) {
            if (pending.get(u) == 0) {
                ready.add(u);
            }
        }
        List<Unit> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Unit u = ready.poll();
            order.add(u);
            for (Unit s : successors.get(u)) {
                if (pending.merge(s, -1, Integer::sum) == 0) {
                    ready.add(s);
                }
            }
        }
        if (order.size() != units.size()) {
            throw new IllegalStateException("fusion created a cycle between steps; please report this graph");
        }
        return order;
    }

    /**
     * A loop whose elements are finished sums of another loop runs inside that loop: at the end of
     * each row for sums along the columns (e.g. {@code db1 = (1/m) Σ_cols dZ1}), after the loop for
     * sums of everything (e.g. {@code J = (1/m) Σ L}). Such a loop reads the other, so only a
     * unit's successors are candidates. Units are visited in topological order; after a merge the
     * visit resumes where the order changed (earlier units cannot gain an epilogue from a later merge).
     */
    private void fuseEpilogues() {
        index();
        int x = 0;
        while (x < order.size()) {
            Unit u = order.get(x);
            if (u == null) {
                x++;
                continue;
            }
            List<Unit> next = new ArrayList<>(succ.get(u));
            next.sort(Comparator.comparingInt(position::get));
            Unit taken = null;
            Set<Unit> between = null;
            for (Unit v : next) {
                if (epilogueOf(u, v)) {
                    between = descendantsBefore(u, v);
                    if (between != null) {
                        taken = v;
                        break;
                    }
                }
            }
            if (taken == null) {
                x++;
                continue;
            }
            for (Node n : taken.nodes) {
                u.epilogue.add(n);
                unitOf.put(n, u);
            }
            u.nodes.addAll(taken.nodes);
            u.calls += taken.calls;
            units.remove(taken);
            absorb(u, taken, between);
        }
    }

    /** True when loop {@code v} can run as the epilogue of loop {@code u}, but for paths through other units. */
    private boolean epilogueOf(Unit u, Unit v) {
        if (!u.isLoop() || !v.isLoop() || !v.epilogue.isEmpty()
                || !u.epilogue.isEmpty() && !u.epilogue.get(0).shape().equals(v.space) || !fitTogether(u, v)) {
            return false;
        }
        boolean total = v.space.isScalar();
        Dim rows = u.space.rows();
        boolean perRow = !rows.isOne() && (v.space.equals(new Shape(rows, Dim.of(1)))
                || v.space.equals(new Shape(Dim.of(1), rows)));
        if (!total && !perRow || v.nodes.stream().anyMatch(n -> reduction(n) != null)) {
            return false;
        }
        boolean readsSum = false;
        for (Node reader : v.nodes) {
            for (Read r : readsBy.get(reader)) {
                Node base = r.access().base();
                if (!usesMemory(r) || unitOf.get(base) != u) {
                    continue;
                }
                Lowering.Reduce sum = reduction(base);
                if (sum == null || !r.access().identity() || u.epilogue.contains(base)
                        || (total ? !base.shape().isScalar() : sum.axis() != 1 || base.shape().isScalar())) {
                    return false;
                }
                readsSum = true;
            }
        }
        for (Node reader : u.nodes) {
            for (Read r : readsBy.get(reader)) {
                if (usesMemory(r) && unitOf.get(r.access().base()) == v) {
                    return false;
                }
            }
        }
        return readsSum; // the caller checks that no other unit is between them
    }

    // ---------------------------------------------------------------- storage

    private Plan assign(List<Unit> ordered) {
        List<Step> steps = new ArrayList<>();
        Map<Node, Integer> stepIndex = new HashMap<>();
        Map<Node, Step> stepOfNode = new HashMap<>();
        for (Unit u : ordered) {
            u.nodes.sort(Comparator.comparingInt(Node::id));
            int index = steps.size();
            Step step;
            if (u.isLoop()) {
                List<Node> stored = u.nodes.stream().filter(n -> isStored(n, u)).toList();
                List<Node> epilogue = new ArrayList<>(u.epilogue);
                epilogue.sort(Comparator.comparingInt(Node::id));
                step = new Step.Loop(u.space, List.copyOf(u.nodes), stored, List.copyOf(epilogue));
            } else if (kinds.get(u.nodes.get(0)) == Kind.PRODUCT) {
                Node p = u.nodes.get(0);
                List<Read> reads = readsBy.get(p);
                step = new Step.Product(p, reads.get(0).access(), reads.get(1).access());
            } else {
                Node c = u.nodes.get(0);
                step = new Step.Call(c, readsBy.get(c).stream().map(Read::access).toList());
            }
            steps.add(step);
            for (Node n : u.nodes) {
                stepIndex.put(n, index);
                stepOfNode.put(n, step);
            }
        }
        for (Node o : outputs) {
            if (kinds.get(o) == Kind.SOURCE) {
                steps.add(new Step.Copy(o));
            }
        }

        List<Node> inputs = nodes.stream().filter(n -> lowerings.get(n) instanceof Lowering.Bound).toList();
        List<Node> constants = nodes.stream().filter(n -> lowerings.get(n) instanceof Lowering.Matrix).toList();
        Map<Node, Storage> storage = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            storage.put(inputs.get(i), new Storage.Input(i));
        }
        for (int i = 0; i < constants.size(); i++) {
            storage.put(constants.get(i), new Storage.Constant(i));
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (kinds.get(outputs.get(i)) != Kind.SOURCE) {
                storage.put(outputs.get(i), new Storage.Output(i));
            }
        }

        // values that need memory, in the order they are produced
        List<Node> arrays = new ArrayList<>();
        for (Step step : steps) {
            List<Node> produced = step instanceof Step.Loop loop ? loop.stored()
                    : step instanceof Step.Product p ? List.of(p.node())
                    : step instanceof Step.Call c ? List.of(c.node()) : List.<Node>of();
            for (Node n : produced) {
                if (storage.containsKey(n)) {
                    continue;
                }
                if (n.shape().isScalar() && step instanceof Step.Loop && !readOutsideLoops(n)) {
                    storage.put(n, new Storage.Scalar());
                } else {
                    arrays.add(n);
                }
            }
        }

        int end = steps.size();
        Map<Node, int[]> live = new HashMap<>();
        for (Node n : storage.keySet()) {
            if (storage.get(n) instanceof Storage.Output) {
                live.put(n, new int[] {stepIndex.get(n), end});
            }
        }
        for (Node n : arrays) {
            int last = stepIndex.get(n);
            for (Read r : readsOf.getOrDefault(n, List.of())) {
                last = Math.max(last, stepIndex.get(r.reader()));
            }
            live.put(n, new int[] {stepIndex.get(n), last});
        }

        List<List<Node>> temps = new ArrayList<>();
        List<Set<Sizes>> tempSizes = new ArrayList<>(); // the sizes of the values in each scratch array
        List<Integer> tempEnds = new ArrayList<>(); // the last step at which a value in it is live
        Map<Integer, List<Node>> outputSlots = new HashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            if (storage.get(outputs.get(i)) instanceof Storage.Output) {
                outputSlots.put(i, new ArrayList<>(List.of(outputs.get(i))));
            }
        }
        for (Node n : arrays) {
            Storage chosen = null;
            for (int i = 0; i < outputs.size() && chosen == null; i++) {
                List<Node> slot = outputSlots.get(i);
                if (slot != null && outputs.get(i).shape().equals(n.shape())
                        && fits(n, slot, live, steps, stepOfNode)) {
                    slot.add(n);
                    chosen = new Storage.Output(i);
                }
            }
            Sizes mySize = Sizes.of(n.shape());
            int start = live.get(n)[0];
            for (int pass = 0; pass < 2 && chosen == null; pass++) {
                for (int t = 0; t < temps.size() && chosen == null; t++) {
                    List<Node> slot = temps.get(t);
                    boolean sameSize = tempSizes.get(t).equals(Set.of(mySize));
                    // a slot whose values all died before this one is written is free without a closer look
                    if ((pass == 1 || sameSize) && (tempEnds.get(t) < start || fits(n, slot, live, steps, stepOfNode))) {
                        slot.add(n);
                        chosen = new Storage.Temp(t);
                    }
                }
            }
            if (chosen == null) {
                temps.add(new ArrayList<>(List.of(n)));
                tempSizes.add(new HashSet<>());
                tempEnds.add(-1);
                chosen = new Storage.Temp(temps.size() - 1);
            }
            if (chosen instanceof Storage.Temp t) {
                tempSizes.get(t.index()).add(mySize);
                tempEnds.set(t.index(), Math.max(tempEnds.get(t.index()), live.get(n)[1]));
            }
            storage.put(n, chosen);
        }

        Map<Node, List<Read>> reads = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (!readsBy.get(n).isEmpty()) {
                reads.put(n, List.copyOf(readsBy.get(n)));
            }
        }
        return new Plan(outputs, inputs, constants, sizes(), List.copyOf(steps), Map.copyOf(kinds),
                Map.copyOf(lowerings),
                storage, reads, temps.stream().map(List::copyOf).toList());
    }

    /** Stored: an output, a materialized view, or read outside its loop or at another index. */
    private boolean isStored(Node n, Unit unit) {
        if (outputSet.contains(n) || materialized.contains(n)) {
            return true;
        }
        for (Read r : readsOf.getOrDefault(n, List.of())) {
            if (unitOf.get(r.reader()) != unit || !r.access().identity()) {
                return true;
            }
        }
        return false;
    }

    /** True when a product or a call reads {@code n} (from an array). */
    private boolean readOutsideLoops(Node n) {
        return readsOf.getOrDefault(n, List.of()).stream().anyMatch(r -> !isLoopKind(kinds.get(r.reader())));
    }

    /** True when {@code n} can share memory with every value already in {@code slot}. */
    private boolean fits(Node n, List<Node> slot, Map<Node, int[]> live, List<Step> steps, Map<Node, Step> stepOf) {
        int[] mine = live.get(n);
        for (Node o : slot) {
            int[] theirs = live.get(o);
            boolean disjoint = theirs[1] < mine[0] || mine[1] < theirs[0];
            boolean handOver = theirs[1] == mine[0] && inPlace(o, n, steps.get(mine[0]), stepOf)
                    || mine[1] == theirs[0] && inPlace(n, o, steps.get(theirs[0]), stepOf);
            if (!disjoint && !handOver) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code later}, computed by {@code step}, may overwrite {@code dying} in place: the step
     * is a loop that writes {@code later} element for element and reads {@code dying} only at the same
     * element of the same iteration (the generated loop reads everything before it stores; an
     * epilogue reads after the row is written).
     */
    private boolean inPlace(Node dying, Node later, Step step, Map<Node, Step> stepOf) {
        if (!(step instanceof Step.Loop loop) || stepOf.get(later) != step || reduction(later) != null
                || loop.epilogue().contains(later) || stepOf.get(dying) == step) {
            return false;
        }
        for (Read r : readsOf.getOrDefault(dying, List.of())) {
            if (stepOf.get(r.reader()) == step && (!r.access().identity() || loop.epilogue().contains(r.reader()))) {
                return false; // read at another element, or after the row that overwrote it
            }
        }
        return true;
    }

    /** Symbolic sizes in order of first appearance (inputs first). */
    private List<String> sizes() {
        Set<String> names = new LinkedHashSet<>();
        List<Node> byKind = new ArrayList<>(nodes.stream().filter(n -> kinds.get(n) == Kind.SOURCE
                && lowerings.get(n) instanceof Lowering.Bound).toList());
        byKind.addAll(nodes);
        for (Node n : byKind) {
            addSymbol(names, n.shape().rows());
            addSymbol(names, n.shape().cols());
            if (lowerings.get(n) instanceof Lowering.InverseSize inv) {
                inv.dims().forEach(d -> addSymbol(names, d));
            }
        }
        return List.copyOf(names);
    }

    private static void addSymbol(Set<String> names, Dim d) {
        if (d instanceof Dim.Symbol s) {
            names.add(s.name());
        }
    }
}
