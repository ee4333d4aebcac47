package io.gradgraph.codegen;

import io.gradgraph.kernel.MatMul;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Compiles generated source with {@code javax.tools} in memory and loads it in its own class loader
 * (a child of graph-core's), so a compiled graph's class is unloaded with it. Classes are cached by
 * source text: compiling the same graph again only instantiates the class again. The class files
 * also go to the {@link ClassCache} on disk, so the next process defines them without javac.
 */
final class InMemoryCompiler {
    private static final int CACHE_SIZE = 64;

    private final JavaCompiler compiler;
    private final ClassCache disk;
    private final String classPath;
    private StandardJavaFileManager files;
    private final Map<String, Class<?>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Class<?>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    InMemoryCompiler(JavaCompiler compiler) {
        this(compiler, ClassCache.fromEnvironment());
    }

    InMemoryCompiler(JavaCompiler compiler, ClassCache disk) {
        this.compiler = compiler;
        this.disk = disk;
        this.classPath = classPath();
    }

    /** Where graph-kernels is (the only thing generated code needs), then the application class path. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        try {
            var source = MatMul.class.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            }
        } catch (Exception e) {
            // fall through to java.class.path
        }
        entries.add(System.getProperty("java.class.path", ""));
        return String.join(File.pathSeparator, entries);
    }

    /** Compiles {@code source}, defining {@code qualifiedName}, and loads that class. */
    synchronized Class<?> compile(String qualifiedName, String source) {
        Class<?> cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        Optional<Map<String, byte[]>> stored = disk.load(source);
        if (stored.isPresent()) {
            try {
                Class<?> cls = define(qualifiedName, stored.get());
                cache.put(source, cls);
                return cls;
            } catch (ClassNotFoundException | LinkageError e) {
                disk.discard(source); // a damaged entry: compile it again
            }
        }
        Map<String, byte[]> bytes = javac(qualifiedName, source);
        Class<?> cls;
        try {
            cls = define(qualifiedName, bytes);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled " + qualifiedName + " but cannot load it", e);
        }
        disk.store(source, bytes);
        cache.put(source, cls);
        return cls;
    }

    /** Defines {@code classes} in a class loader of their own and links {@code qualifiedName}. */
    private static Class<?> define(String qualifiedName, Map<String, byte[]> classes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(MatMul.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        return Class.forName(qualifiedName, true, loader);
    }

    /** The class files javac makes of {@code source}, by binary name. */
    private Map<String, byte[]> javac(String qualifiedName, String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        if (files == null) {
            files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileManager memory = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("memory:///" + className.replace('.', '/') + kind.extension),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        classes.put(className, bytes);
                        return bytes;
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + qualifiedName.replace('.', '/')
                + JavaFileObject.Kind.SOURCE.extension), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter out = new StringWriter();
        List<String> options = List.of("-classpath", classPath, "-proc:none", "-g", "-nowarn", "-encoding", "UTF-8");
        boolean ok = compiler.getTask(out, memory, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            throw new IllegalStateException("generated code for " + qualifiedName + " did not compile:\n" + errors
                    + out + "\n--- source ---\n" + source);
        }
        Map<String, byte[]> bytes = new HashMap<>();
        classes.forEach((name, b) -> bytes.put(name, b.toByteArray()));
        return bytes;
    }
}
