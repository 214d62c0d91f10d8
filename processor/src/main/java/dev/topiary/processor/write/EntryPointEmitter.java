package dev.topiary.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.lang.model.element.Modifier;

/** The generated class's static entry points besides the constructor: loading saved models. */
final class EntryPointEmitter {
  private EntryPointEmitter() {}

  /**
   * <pre>public static TopiarySeedCnn load(File file) throws IOException { ... }
   * public static TopiarySeedCnn load(InputStream in) throws IOException { ... }
   * public static TopiarySeedCnn load(Path path) throws IOException { return load(path.toFile()); }</pre>
   */
  static List<MethodSpec> loaders(ClassName self) {
    MethodSpec fromFile = MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(File.class, "file").addException(IOException.class)
        .addJavadoc("Loads a network saved by {@link #save(File)}; fails if the file holds another "
            + "network, or is truncated or corrupted.\n")
        .addStatement("$T network = new $T(0L)", self, self)
        .addStatement("network.readWeights(file)")
        .addStatement("return network").build();
    MethodSpec fromStream = MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(InputStream.class, "in").addException(IOException.class)
        .addJavadoc("Loads a network saved by {@link #save(File)} from a stream, e.g. an Android "
            + "asset; reads to its end and does not close it. Fails as {@link #load(File)} does.\n")
        .addStatement("$T network = new $T(0L)", self, self)
        .addStatement("network.readWeights(in)")
        .addStatement("return network").build();
    MethodSpec fromPath = MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(ClassName.get("java.nio.file", "Path"), "path")
        .addException(IOException.class)
        .addJavadoc("{@link #load(File)} for a {@link java.nio.file.Path} (desktop Java, Android "
            + "8+).\n")
        .addStatement("return load(file(path))").build();
    return List.of(fromFile, fromStream, fromPath);
  }
}
