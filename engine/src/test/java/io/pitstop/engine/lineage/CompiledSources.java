package io.pitstop.engine.lineage;

import io.pitstop.engine.step.Step;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

/**
 * Java sources compiled by the real javac into a directory of their own and loaded there, so a test
 * can change one class and see what a rebuilt project would contain. The engine's classes are on
 * the compile path, so a source may implement {@link Step}.
 */
public record CompiledSources(Path classes, URLClassLoader loader) implements AutoCloseable {

    /**
     * @param sources Java source text by class name ({@code io.pitstop.fixture.a.KindA})
     * @param resources other files to put beside the classes, by resource path
     */
    public static CompiledSources compile(Path dir, Map<String, String> sources, Map<String, String> resources)
            throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        var files = new ArrayList<String>();
        for (var source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        for (var resource : resources.entrySet()) {
            Path file = classes.resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        String engine = Path.of(Step.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        var args = new ArrayList<>(java.util.List.of("-d", classes.toString(), "-classpath", engine, "-proc:none"));
        args.addAll(files);
        var errors = new ByteArrayOutputStream();
        int exit = ToolProvider.getSystemJavaCompiler().run(null, new PrintStream(errors), new PrintStream(errors),
                args.toArray(String[]::new));
        if (exit != 0) throw new IllegalStateException("javac failed:\n" + errors);
        return new CompiledSources(classes, new URLClassLoader(new java.net.URL[]{classes.toUri().toURL()},
                CompiledSources.class.getClassLoader()));
    }

    public Class<?> load(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    @Override
    public void close() throws Exception {
        loader.close();
    }
}
