package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.ShallowNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassCacheTest {
    private static final String NAME = "io.gradgraph.codegen.cachetest.Answer";

    @TempDir
    Path root;

    private static String source(int answer) {
        return "package io.gradgraph.codegen.cachetest;\n"
                + "public class Answer { public int get() { return " + answer + "; } }\n";
    }

    private static int answer(Class<?> cls) throws ReflectiveOperationException {
        return (int) cls.getMethod("get").invoke(cls.getConstructor().newInstance());
    }

    private ClassCache cache() {
        return ClassCache.at(Optional.of(root), new PrintStream(new ByteArrayOutputStream()));
    }

    /** The system compiler, counting the compilations it is asked for. */
    private static JavaCompiler counting(AtomicInteger tasks) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        return (JavaCompiler) Proxy.newProxyInstance(JavaCompiler.class.getClassLoader(),
                new Class<?>[] {JavaCompiler.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getTask")) {
                        tasks.incrementAndGet();
                    }
                    try {
                        return method.invoke(javac, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A compiler that fails the test if it is asked to compile anything. */
    private static JavaCompiler none() {
        return (JavaCompiler) Proxy.newProxyInstance(JavaCompiler.class.getClassLoader(),
                new Class<?>[] {JavaCompiler.class}, (proxy, method, args) -> {
                    throw new AssertionError("javac was called: " + method.getName());
                });
    }

    private List<Path> entries() throws IOException {
        Path dir = cache().directory().orElseThrow();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aSecondCompilerLoadsTheClassFromDiskWithoutJavac() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        Class<?> first = new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(42));
        assertEquals(1, tasks.get());
        assertEquals(1, entries().size());

        Class<?> second = new InMemoryCompiler(none(), cache()).compile(NAME, source(42));
        assertNotSame(first, second);
        assertNotSame(first.getClassLoader(), second.getClassLoader(), "a fresh class loader");
        assertEquals(42, answer(second));
    }

    @Test
    void generatedCodeIsCachedAndLoadsWithoutJavac() throws Exception {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        String generated = CodeGenerator.source("io.gradgraph.codegen.cachetest", "ShallowStep",
                Fixtures.trainingOutputs(net));
        String name = "io.gradgraph.codegen.cachetest.ShallowStep";
        Class<?> compiled = new InMemoryCompiler(ToolProvider.getSystemJavaCompiler(), cache()).compile(name, generated);
        Class<?> loaded = new InMemoryCompiler(none(), cache()).compile(name, generated);
        assertEquals(compiled.getName(), loaded.getName());
        assertNotSame(compiled, loaded);
        loaded.getConstructor().newInstance();
    }

    @Test
    void theKeyChangesWithTheSource() throws Exception {
        assertNotEquals(cache().entry(source(1)), cache().entry(source(2)));
        assertEquals(cache().entry(source(1)), cache().entry(source(1)));
        AtomicInteger tasks = new AtomicInteger();
        new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(1));
        assertEquals(2, answer(new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(2))));
        assertEquals(2, tasks.get(), "a changed source is compiled, not served from the other's entry");
        assertEquals(2, entries().size());
    }

    @Test
    void theKeySeparatesJavaRuntimesAndBuilds() {
        String key = ClassCache.runtimeKey();
        assertTrue(key.startsWith("java-" + Runtime.version().toString().replaceAll("[^A-Za-z0-9._-]", "_")
                + "_gradgraph-"), key);
        assertFalse(key.contains("${"), "the build properties are filtered: " + key);
        assertTrue(key.matches("[A-Za-z0-9._-]+"), key);
    }

    @Test
    void anEntryOfAnotherSourceUnderTheSameNameIsAMissAndIsReplaced() throws Exception {
        new InMemoryCompiler(ToolProvider.getSystemJavaCompiler(), cache()).compile(NAME, source(9));
        Path entry = cache().entry(source(10));
        Files.move(cache().entry(source(9)), entry); // as if source(9) and source(10) had the same hash
        AtomicInteger tasks = new AtomicInteger();
        assertEquals(10, answer(new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(10))));
        assertEquals(1, tasks.get(), "the entry's source is not the one asked for: compiled");
        assertEquals(10, answer(new InMemoryCompiler(none(), cache()).compile(NAME, source(10))));
    }

    @Test
    void aCorruptEntryIsCompiledAgainAndRepaired() throws Exception {
        new InMemoryCompiler(ToolProvider.getSystemJavaCompiler(), cache()).compile(NAME, source(7));
        Path entry = cache().entry(source(7));
        byte[] good = Files.readAllBytes(entry);

        for (byte[] damaged : List.of(new byte[0], "garbage".getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOf(good, good.length / 2), flipped(good, good.length / 2))) {
            Files.write(entry, damaged);
            AtomicInteger tasks = new AtomicInteger();
            assertEquals(7, answer(new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(7))));
            assertEquals(1, tasks.get(), "a damaged entry is compiled again");
            assertEquals(7, answer(new InMemoryCompiler(none(), cache()).compile(NAME, source(7))), "and repaired");
        }
    }

    @Test
    void anEntryWhoseChecksumPassesButWhoseClassIsBrokenIsCompiledAgain() throws Exception {
        Path entry = cache().entry(source(8));
        Files.createDirectories(entry.getParent());
        Files.write(entry, ClassCache.encode(source(8), Map.of(NAME, "not a class file".getBytes(StandardCharsets.UTF_8))));
        AtomicInteger tasks = new AtomicInteger();
        assertEquals(8, answer(new InMemoryCompiler(counting(tasks), cache()).compile(NAME, source(8))));
        assertEquals(1, tasks.get());
        assertEquals(8, answer(new InMemoryCompiler(none(), cache()).compile(NAME, source(8))));
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    @Test
    void entriesRoundTrip() throws IOException {
        Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
        classes.put("a.B", new byte[] {1, 2, 3});
        classes.put("a.B$1", new byte[0]);
        ClassCache.Entry entry = ClassCache.decode(ClassCache.encode("class B {}", classes));
        Map<String, byte[]> back = entry.classes();
        assertEquals("class B {}", entry.source());
        assertEquals(classes.keySet(), back.keySet());
        assertArrayEquals(new byte[] {1, 2, 3}, back.get("a.B"));
        assertThrows(IOException.class, () -> ClassCache.decode(new byte[32]));
    }

    @Test
    void offWritesNothingAndStillCompiles() throws Exception {
        ClassCache off = ClassCache.at(Optional.empty(), System.err);
        assertFalse(off.enabled());
        AtomicInteger tasks = new AtomicInteger();
        assertEquals(5, answer(new InMemoryCompiler(counting(tasks), off).compile(NAME, source(5))));
        assertEquals(5, answer(new InMemoryCompiler(counting(tasks), off).compile(NAME, source(5))));
        assertEquals(2, tasks.get(), "no disk cache: each new compiler runs javac");
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void theDirectoryIsChosenByPropertyEnvironmentXdgOrHome() {
        assertEquals(Optional.of(Path.of("/p")), ClassCache.configuredDirectory("/p", "/e", "/x", "/h"));
        assertEquals(Optional.of(Path.of("/e")), ClassCache.configuredDirectory(null, "/e", "/x", "/h"));
        assertEquals(Optional.of(Path.of("/x", "gradgraph")), ClassCache.configuredDirectory(null, null, "/x", "/h"));
        assertEquals(Optional.of(Path.of("/h", ".cache", "gradgraph")), ClassCache.configuredDirectory("", null, "", "/h"));
        assertEquals(Optional.empty(), ClassCache.configuredDirectory("off", "/e", "/x", "/h"));
        assertEquals(Optional.empty(), ClassCache.configuredDirectory(null, "OFF", "/x", "/h"));
    }

    @Test
    void anUnwritableDirectoryWarnsOnceAndCompilesInMemory() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "not a directory");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        ClassCache blocked = ClassCache.at(Optional.of(file), new PrintStream(warnings, true, StandardCharsets.UTF_8));
        InMemoryCompiler compiler = new InMemoryCompiler(ToolProvider.getSystemJavaCompiler(), blocked);
        assertEquals(3, answer(compiler.compile(NAME, source(3))));
        assertEquals(4, answer(compiler.compile(NAME, source(4))));
        String text = warnings.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("GradGraph: cannot write the compile cache in "), text);
    }

    @Test
    void concurrentCompilersShareOneWholeEntry() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int answer = 100 + i % 2; // two sources, three writers each
                Callable<Integer> task = () -> {
                    start.await();
                    return answer(new InMemoryCompiler(ToolProvider.getSystemJavaCompiler(), cache())
                            .compile(NAME, source(answer)));
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (int i = 0; i < writers; i++) {
                assertEquals(100 + i % 2, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Path> entries = entries();
        assertEquals(2, entries.size(), "no temporary files left: " + entries);
        for (int answer : new int[] {100, 101}) {
            assertEquals(answer, answer(new InMemoryCompiler(none(), cache()).compile(NAME, source(answer))));
        }
    }
}
