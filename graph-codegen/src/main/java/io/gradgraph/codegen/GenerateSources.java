package io.gradgraph.codegen;

import com.palantir.javapoet.JavaFile;
import io.gradgraph.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the generated class of each {@link GraphDefinition} under a source directory, as the
 * {@code gradgraph-maven-plugin} does at build time. Files whose content did not change are left
 * alone, so an unchanged graph does not trigger recompilation; changed ones are replaced atomically
 * ({@link AtomicFiles}), so a failed write never leaves a truncated source.
 *
 * <pre>{@code
 * java -cp graph-codegen.jar:graph-core.jar:javapoet.jar:definitions io.gradgraph.codegen.GenerateSources \
 *     target/generated-sources/gradgraph com.example.ShallowNetworkDefinition
 * }</pre>
 */
public final class GenerateSources {
    private GenerateSources() {
    }

    /** Generates every definition's class under {@code directory}; returns the files, in definition order. */
    public static List<Path> generate(List<? extends GraphDefinition> definitions, Path directory) throws IOException {
        List<GraphDefinition> sorted = new ArrayList<>(definitions);
        sorted.sort(Comparator.comparing((GraphDefinition d) -> d.packageName()).thenComparing(GraphDefinition::className));
        List<Path> written = new ArrayList<>();
        for (GraphDefinition d : sorted) {
            JavaFile file = CodeGenerator.generate(d.packageName(), d.className(), d.outputs());
            Path target = directory.resolve(d.packageName().replace('.', '/')).resolve(d.className() + ".java");
            String source = file.toString();
            if (written.contains(target)) {
                throw new IllegalArgumentException("two graph definitions generate " + d.packageName() + "."
                        + d.className());
            }
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(source)) {
                Files.createDirectories(target.getParent());
                AtomicFiles.writeString(target, source); // a failed write leaves the old source as it was
            }
            written.add(target);
        }
        return written;
    }

    /** {@code GenerateSources <output directory> <definition class>...}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GenerateSources <output directory> <GraphDefinition class>...");
            System.exit(2);
        }
        List<GraphDefinition> definitions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            definitions.add(instantiate(Class.forName(args[i], true, Thread.currentThread().getContextClassLoader())));
        }
        for (Path p : generate(definitions, Path.of(args[0]))) {
            System.out.println("generated " + p);
        }
    }

    /** A definition from its class, which needs a public no-argument constructor. */
    public static GraphDefinition instantiate(Class<?> cls) throws ReflectiveOperationException {
        if (!GraphDefinition.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(cls.getName() + " does not implement " + GraphDefinition.class.getName());
        }
        return (GraphDefinition) cls.getConstructor().newInstance();
    }
}
