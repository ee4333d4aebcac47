package io.gradgraph.maven;

import io.gradgraph.codegen.GenerateSources;
import io.gradgraph.codegen.GraphDefinition;
import io.gradgraph.core.Node;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Generates Java sources from GradGraph graph definitions: compiles the classes under
 * {@code src/main/graphs} that implement {@link GraphDefinition} against the project's compile class
 * path, runs each one, writes its generated class under {@code target/generated-sources/gradgraph}
 * and adds that directory as a source root, so the generated classes are compiled with the project.
 *
 * <p>Definitions may use the project's dependencies, not its own sources (those are compiled after
 * this goal runs). The generated code needs only {@code io.gradgraph:graph-core} at run time.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where the graph definitions are (Java sources, in their package folders). */
    @Parameter(property = "gradgraph.graphsDirectory", defaultValue = "${project.basedir}/src/main/graphs")
    private File graphsDirectory;

    /** Where the generated sources go; added as a compile source root. */
    @Parameter(property = "gradgraph.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/gradgraph")
    private File outputDirectory;

    /** Where the definitions are compiled to (they are not part of the project's classes). */
    @Parameter(defaultValue = "${project.build.directory}/gradgraph-definitions", readonly = true)
    private File definitionsOutputDirectory;

    /** Encoding of the definition sources. */
    @Parameter(defaultValue = "${project.build.sourceEncoding}")
    private String encoding;

    @Parameter(property = "gradgraph.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("GradGraph code generation skipped");
            return;
        }
        List<Path> sources = definitionSources();
        if (sources.isEmpty()) {
            getLog().info("No GradGraph graph definitions in " + graphsDirectory);
            return;
        }
        try {
            List<String> classPath = classPath();
            Path classes = definitionsOutputDirectory.toPath();
            deleteRecursively(classes);
            Files.createDirectories(classes);
            compile(sources, classPath, classes);
            List<GraphDefinition> definitions = new ArrayList<>();
            try (URLClassLoader loader = new URLClassLoader(urls(classes, classPath), getClass().getClassLoader())) {
                for (String name : compiledClassNames(classes)) {
                    Class<?> cls = Class.forName(name, true, loader);
                    if (GraphDefinition.class.isAssignableFrom(cls) && !cls.isInterface()
                            && !Modifier.isAbstract(cls.getModifiers()) && Modifier.isPublic(cls.getModifiers())) {
                        definitions.add(GenerateSources.instantiate(cls));
                    }
                }
                if (definitions.isEmpty()) {
                    getLog().warn("No class implementing " + GraphDefinition.class.getName() + " in " + graphsDirectory);
                    return;
                }
                for (Path file : GenerateSources.generate(definitions, outputDirectory.toPath())) {
                    getLog().info("Generated " + project.getBasedir().toPath().relativize(file.toAbsolutePath()));
                }
            }
        } catch (IOException | ReflectiveOperationException | DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("GradGraph code generation failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoFailureException("GradGraph code generation failed: " + e.getMessage(), e);
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    }

    private List<Path> definitionSources() throws MojoExecutionException {
        if (!graphsDirectory.isDirectory()) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(graphsDirectory.toPath())) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + graphsDirectory, e);
        }
    }

    /** The project's compile class path, then graph-codegen and graph-core as this plugin has them. */
    private List<String> classPath() throws DependencyResolutionRequiredException, IOException {
        Set<String> entries = new LinkedHashSet<>(project.getCompileClasspathElements());
        for (Class<?> c : List.of(GraphDefinition.class, Node.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                throw new IOException("cannot locate " + c.getName() + " for compiling graph definitions", e);
            }
        }
        return new ArrayList<>(entries);
    }

    private void compile(List<Path> sources, List<String> classPath, Path classes) throws MojoFailureException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new MojoFailureException("GradGraph code generation needs a JDK (no Java compiler in "
                    + System.getProperty("java.home") + ")");
        }
        Charset charset = encoding == null || encoding.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, charset)) {
            List<String> options = List.of("-classpath", String.join(File.pathSeparator, classPath),
                    "-d", classes.toString(), "-proc:none", "-nowarn", "-encoding", charset.name());
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                                + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                throw new MojoFailureException("graph definitions in " + graphsDirectory + " do not compile:\n" + errors + out);
            }
        } catch (IOException e) {
            throw new MojoFailureException("cannot compile graph definitions: " + e.getMessage(), e);
        }
    }

    private static URL[] urls(Path classes, List<String> classPath) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        for (String entry : classPath) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static List<String> compiledClassNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString())
                    .map(s -> s.substring(0, s.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
