package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each runnable jar is complete. The root pom's shade filters take every class that several dependency jars ship
 * (Parquet's modules each embed part of fastutil) from one jar only; a filter that dropped a class another class of
 * the jar needs fails here, instead of as a NoClassDefFoundError in a user's sync. A referenced class must be in the
 * jar when its package is (part of a package cannot come from elsewhere) or when it is relocated (a whole relocated
 * package dropped); references to other absent packages are optional dependencies, loaded only if present.
 */
class ShadedJarsIT {
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  /** Where libraries put the copies of other libraries they embed; only the jar itself can provide such a class. */
  private static final String RELOCATED = "shaded/";
  /**
   * Left out on purpose: hadoop-common comes without its dependency tree (only Parquet's codec and configuration
   * classes are used), so the Kerberos/HTTP authentication code of hadoop-auth that some of its classes name is absent.
   */
  private static final Set<String> KNOWN_ABSENT_PREFIXES = Set.of(
      "org/apache/hadoop/security/authentication/", "org/apache/hadoop/util/PlatformName");

  @ParameterizedTest
  @EnumSource(Connectors.class)
  @Timeout(120)
  void everyClassTheJarRefersToInAPackageItShipsOrARelocatedOneIsInTheJar(Connectors connector) throws IOException {
    Map<String, byte[]> classes = classes(ROOT.resolve(connector.module).resolve("target")
        .resolve(connector.module + ".jar"));
    Set<String> packages = new TreeSet<>();
    classes.keySet().forEach(name -> packages.add(packageOf(name)));

    Map<String, String> missing = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      for (String referenced : ClassFileReferences.of(entry.getValue())) {
        boolean mustBeHere = packages.contains(packageOf(referenced)) || referenced.startsWith(RELOCATED);
        if (mustBeHere && !classes.containsKey(referenced)
            && KNOWN_ABSENT_PREFIXES.stream().noneMatch(referenced::startsWith)) {
          missing.putIfAbsent(referenced, entry.getKey());
        }
      }
    }

    assertThat(missing).as("classes missing from %s.jar (missing class = a class that refers to it); check the "
        + "shade filters in the root pom.xml", connector.module).isEmpty();
    assertThat(classes).as("a runnable jar holds its dependencies").containsKey(
        "com/fasterxml/jackson/databind/ObjectMapper");
  }

  private static String packageOf(String internalName) {
    return internalName.substring(0, Math.max(0, internalName.lastIndexOf('/')));
  }

  /** The jar's classes by internal name; multi-release variants and module descriptors are left out. */
  private static Map<String, byte[]> classes(Path jar) throws IOException {
    Map<String, byte[]> classes = new HashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          try (InputStream in = zip.getInputStream(entry)) {
            classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
          }
        }
      }
    }
    return classes;
  }
}
