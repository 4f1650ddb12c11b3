import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks the staged Maven repository (target/staging-deploy) the way Maven Central and a JPMS user
 * would, and prints each artifact with its size. Run with the JDK alone:
 * {@code java .ci/CheckStaging.java target/staging-deploy 0.1.0-SNAPSHOT}.
 *
 * <p>For each published module: exactly one POM, jar, sources jar, javadoc jar and CycloneDX SBOM,
 * each with its .sha1 and .md5; the POM (with what it inherits from the staged parent) has the
 * name, description, url, licenses, scm and developers Central requires; the jar's manifest names
 * the expected Automatic-Module-Name and the jar carries META-INF/LICENSE; the sources jar has a
 * source file for every top-level class; the javadoc jar documents every package; the SBOM
 * describes this artifact. Across the jars: no package in two of them, and the JDK resolves them
 * together as automatic modules. Exits 1 naming every problem.
 */
public class CheckStaging {

    private static final String GROUP_PATH = "io/noisepool";
    private static final String PARENT = "noise-pool-parent";
    private static final Map<String, String> MODULES = new LinkedHashMap<>();
    static {
        MODULES.put("pool-core", "io.noisepool.core");
        MODULES.put("pool-spring-boot-autoconfigure", "io.noisepool.autoconfigure");
        MODULES.put("pool-spring-boot-starter", "io.noisepool.starter");
    }
    private static final List<String> CENTRAL_INHERITABLE = List.of("url", "licenses", "scm", "developers");

    private final Path repository;
    private final String version;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> packageOwners = new HashMap<>();
    private final List<Path> mainJars = new ArrayList<>();

    private CheckStaging(Path repository, String version) {
        this.repository = repository;
        this.version = version;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java .ci/CheckStaging.java <staging directory> <version>");
            System.exit(2);
        }
        CheckStaging check = new CheckStaging(Path.of(args[0]), args[1]);
        check.run();
        if (!check.problems.isEmpty()) {
            System.err.println("Staged repository " + args[0] + " is not ready for Maven Central:");
            check.problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        System.out.println("Staged repository " + args[0] + ": every check passed.");
    }

    private void run() throws Exception {
        Document parent = pom(PARENT, "pom", null);
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            checkModule(module.getKey(), module.getValue(), parent);
        }
        checkModulesResolveTogether();
    }

    private void checkModule(String artifactId, String moduleName, Document parent) throws Exception {
        Document pom = pom(artifactId, "jar", parent);
        if (pom == null) {
            return;
        }
        Path jar = artifact(artifactId, "", "jar");
        Path sources = artifact(artifactId, "-sources", "jar");
        Path javadoc = artifact(artifactId, "-javadoc", "jar");
        Path sbom = artifact(artifactId, "-cyclonedx", "json");
        if (jar == null || sources == null || javadoc == null || sbom == null) {
            return;
        }
        Set<String> packages = checkJar(artifactId, moduleName, jar);
        checkSources(artifactId, jar, sources);
        checkJavadoc(moduleName, packages, javadoc);
        String json = Files.readString(sbom);
        if (!json.contains("\"bomFormat\" : \"CycloneDX\"") && !json.contains("\"bomFormat\":\"CycloneDX\"")) {
            problems.add(sbom.getFileName() + " is not a CycloneDX document");
        }
        if (!json.contains("pkg:maven/io.noisepool/" + artifactId + "@" + version)) {
            problems.add(sbom.getFileName() + " does not describe io.noisepool:" + artifactId + ":" + version);
        }
    }

    /** The module's POM, checked for Central's metadata (own or inherited from the staged parent). */
    private Document pom(String artifactId, String packaging, Document parent) throws Exception {
        Path file = artifact(artifactId, "", "pom");
        if (file == null) {
            return null;
        }
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element project = pom.getDocumentElement();
        for (String field : List.of("name", "description")) {
            if (text(project, field).isBlank()) {
                problems.add(file.getFileName() + " has no <" + field + ">");
            }
        }
        for (String field : CENTRAL_INHERITABLE) {
            boolean own = child(project, field) != null;
            boolean inherited = parent != null && child(parent.getDocumentElement(), field) != null;
            if (!own && !inherited) {
                problems.add(file.getFileName() + " has no <" + field + ">, nor does its parent");
            }
        }
        Element licenses = child(project, "licenses");
        if (licenses == null && parent != null) {
            licenses = child(parent.getDocumentElement(), "licenses");
        }
        if (licenses == null || !licenses.getTextContent().contains("Apache License, Version 2.0")) {
            problems.add(file.getFileName() + " does not state the Apache License 2.0");
        }
        String declared = text(project, "packaging");
        if (!(declared.isEmpty() ? "jar" : declared).equals(packaging)) {
            problems.add(file.getFileName() + " has packaging " + declared + ", expected " + packaging);
        }
        return pom;
    }

    private Set<String> checkJar(String artifactId, String moduleName, Path jar) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            if (!moduleName.equals(name)) {
                problems.add(jar.getFileName() + ": Automatic-Module-Name is " + name + ", expected " + moduleName);
            }
            if (file.getEntry("META-INF/LICENSE") == null) {
                problems.add(jar.getFileName() + " has no META-INF/LICENSE");
            }
            file.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .forEach(n -> packages.add(n.substring(0, Math.max(0, n.lastIndexOf('/'))).replace('/', '.')));
        }
        for (String pkg : packages) {
            String owner = packageOwners.putIfAbsent(pkg, artifactId);
            if (owner != null) {
                problems.add("package " + pkg + " is split between " + owner + " and " + artifactId);
            }
        }
        mainJars.add(jar);
        return packages;
    }

    private void checkSources(String artifactId, Path jar, Path sources) throws IOException {
        Set<String> needed;
        try (JarFile file = new JarFile(jar.toFile())) {
            needed = file.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.startsWith("META-INF/"))
                    .map(n -> n.replace(".class", ".java")).collect(Collectors.toCollection(TreeSet::new));
        }
        try (JarFile file = new JarFile(sources.toFile())) {
            Set<String> present = file.stream().map(ZipEntry::getName).collect(Collectors.toSet());
            needed.removeAll(present);
            if (!needed.isEmpty()) {
                problems.add(sources.getFileName() + " lacks " + needed);
            }
            if (file.getEntry("META-INF/LICENSE") == null) {
                problems.add(sources.getFileName() + " has no META-INF/LICENSE");
            }
        }
    }

    private void checkJavadoc(String moduleName, Set<String> packages, Path javadoc) throws IOException {
        try (JarFile file = new JarFile(javadoc.toFile())) {
            if (packages.isEmpty()) {
                if (file.getEntry("README.txt") == null) {
                    problems.add(javadoc.getFileName() + ": a module without classes needs a README.txt saying so");
                }
                return;
            }
            if (file.getEntry("index.html") == null) {
                problems.add(javadoc.getFileName() + " has no index.html");
            }
            for (String pkg : packages) {
                String page = pkg.replace('.', '/') + "/package-summary.html";
                // javadoc lays pages out under the module's name when the jar names one.
                if (file.getEntry(page) == null && file.getEntry(moduleName + "/" + page) == null) {
                    problems.add(javadoc.getFileName() + " does not document package " + pkg);
                }
            }
        }
    }

    private void checkModulesResolveTogether() {
        if (mainJars.size() != MODULES.size()) {
            return;
        }
        ModuleFinder finder = ModuleFinder.of(mainJars.toArray(Path[]::new));
        Set<String> names = finder.findAll().stream().map(ModuleReference::descriptor)
                .map(d -> d.name()).collect(Collectors.toCollection(TreeSet::new));
        if (!names.equals(new TreeSet<>(MODULES.values()))) {
            problems.add("the JDK derives module names " + names + ", expected " + new TreeSet<>(MODULES.values()));
            return;
        }
        try {
            Configuration.empty().resolve(finder, ModuleFinder.ofSystem(), names);
        } catch (RuntimeException e) {
            problems.add("the jars do not resolve together as modules: " + e.getMessage());
        }
    }

    /** The one staged file of this artifact with this classifier suffix, checksums checked; null if missing. */
    private Path artifact(String artifactId, String classifier, String extension) throws IOException {
        Path dir = repository.resolve(GROUP_PATH).resolve(artifactId).resolve(version);
        if (!Files.isDirectory(dir)) {
            problems.add("nothing staged for io.noisepool:" + artifactId + ":" + version + " (" + dir + ")");
            return null;
        }
        String base = version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - "-SNAPSHOT".length())
                + "-[0-9]{8}\\.[0-9]{6}-[0-9]+" : Pattern.quote(version);
        Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-" + base + Pattern.quote(classifier + "." + extension));
        List<Path> matches;
        try (Stream<Path> files = Files.list(dir)) {
            matches = files.filter(f -> name.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        if (matches.size() != 1) {
            problems.add("expected one " + artifactId + classifier + "." + extension + " in " + dir + ", found " + matches.size());
            return null;
        }
        Path file = matches.get(0);
        for (String checksum : List.of(".sha1", ".md5")) {
            if (!Files.exists(file.resolveSibling(file.getFileName() + checksum))) {
                problems.add(file.getFileName() + " has no " + checksum + " checksum");
            }
        }
        System.out.printf("  %-70s %,10d bytes%n", file.getFileName(), Files.size(file));
        return file;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
