package org.backupbatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteConfigLoader;
import org.backupbatch.config.WpConfigParser;
import org.backupbatch.config.WpDatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * What can be checked of {@code docker/} without a Docker engine: the Dockerfiles and the compose
 * file parse, and their paths, user, volume, entrypoint and demo wiring agree with the build, with
 * each other and with the README.
 */
class DockerFilesTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dockerfile image = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));
    private final JsonNode compose = readYaml(ROOT.resolve("docker/docker-compose.yml"));

    @Test
    void buildsWithMavenThenRunsOnAJreOfTheProjectsJavaVersionOrNewer() throws Exception {
        // given
        int javaVersion = Integer.parseInt(pom("/project/properties/java.version"));

        // then
        assertThat(image.stages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(image.stages().get(0).image()).startsWith("maven:").contains("temurin-");
        assertThat(image.last().image()).contains("jre");
        for (Dockerfile.Stage stage : image.stages()) {
            assertThat(javaOf(stage.image())).as(stage.image()).isGreaterThanOrEqualTo(javaVersion);
        }
    }

    @Test
    void theBuildStageCopiesEveryInputOfTheBuild() throws Exception {
        // given
        List<String> copied = image.stages().get(0).arguments("COPY");

        // then: the pom, the sources and every resource folder the pom names
        assertThat(copied).anyMatch(c -> c.startsWith("pom.xml "));
        assertThat(copied).anyMatch(c -> c.startsWith("src "));
        for (String folder : resourceFolders()) {
            assertThat(copied).as("resource folder " + folder).anyMatch(c -> c.startsWith(folder + " "));
        }
    }

    @Test
    void theEntrypointRunsTheJarTheBuildMakesWhereTheImagePutsIt() throws Exception {
        // given
        String jar = pom("/project/build/finalName") + ".jar";
        Dockerfile.Stage build = image.stages().get(0);
        String copy = build.arguments("RUN").stream().filter(r -> r.contains(" cp target/" + jar + " ")).findFirst()
                .orElseThrow();
        String placed = copy.substring(copy.indexOf(" cp target/" + jar + " ") + (" cp target/" + jar + " ").length()).trim();
        String folder = placed.substring(0, placed.lastIndexOf('/'));
        List<String> entrypoint = jsonArray(image.last().last("ENTRYPOINT"));

        // then: the flat jar as the build makes it, run where the image puts it
        assertThat(placed).isEqualTo(folder + "/" + jar);
        assertThat(image.last().arguments("COPY")).contains("--from=" + build.name() + " " + folder + " " + folder);
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", placed);
    }

    @Test
    void theCdsArchiveUsedAtStartIsTheOneTheTrainingRunWrote() {
        // given
        String training = image.last().arguments("RUN").stream().filter(r -> r.contains("ArchiveClassesAtExit"))
                .findFirst().orElseThrow();
        Matcher written = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+)").matcher(training);
        List<String> entrypoint = jsonArray(image.last().last("ENTRYPOINT"));

        // then
        assertThat(written.find()).isTrue();
        assertThat(entrypoint).contains("-XX:SharedArchiveFile=" + written.group(1));
        assertThat(training).as("the training run is a real backup of the bundled demo site").contains("job=backup site=demo");
    }

    @Test
    void runsAsANonRootUserWithTheHomeFolderAsItsOneVolume() {
        // given
        Dockerfile.Stage runtime = image.last();
        String user = runtime.last("USER");
        List<String> volumes = jsonArray(runtime.last("VOLUME"));

        // then
        assertThat(user).isNotBlank().isNotIn("root", "0");
        assertThat(runtime.arguments("RUN")).anyMatch(r -> r.matches(".*useradd .*--uid (\\d+) .*" + user + "\\b.*")
                && !r.contains("--uid 0 "));
        assertThat(volumes).containsExactly("/data");
        assertThat(runtime.arguments("ENV")).anyMatch(e -> e.contains("BACKUP_BATCH_HOME=/data"));
        assertThat(runtime.last("WORKDIR")).isEqualTo("/data");
    }

    @Test
    void theRuntimeHasWhatTheLocalTransportRuns() {
        assertThat(image.last().arguments("RUN")).anyMatch(r -> r.contains("apt-get install")
                && r.contains("mariadb-client") && r.contains(" tar") && r.contains(" gzip"));
    }

    @Test
    void everyFileTheImageCopiesFromTheContextExistsAndIsNotIgnored() throws IOException {
        // given
        List<String> included = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();

        // then
        for (Dockerfile.Stage stage : image.stages()) {
            for (String copy : stage.arguments("COPY")) {
                if (copy.startsWith("--from=")) {
                    continue;
                }
                String source = copy.split(" ")[0];
                assertThat(ROOT.resolve(source)).as(copy).exists();
                assertThat(included).as(source + " sent to the build (whole, or a part of it such as src/main)")
                        .anyMatch(i -> source.equals(i) || source.startsWith(i + "/") || i.startsWith(source + "/"));
            }
        }
    }

    @Test
    void composeBuildsTheToolFromThisDockerfileWithTheHomeOnTheImagesVolume() {
        // given
        JsonNode tool = compose.at("/services/backup-batch");
        Path context = ROOT.resolve("docker").resolve(tool.at("/build/context").asText()).normalize();

        // then
        assertThat(context).isEqualTo(ROOT);
        assertThat(context.resolve(tool.at("/build/dockerfile").asText())).isEqualTo(ROOT.resolve("docker/Dockerfile"));
        assertThat(texts(tool.get("volumes"))).anyMatch(v -> v.endsWith(":/data"));
        assertThat(compose.at("/volumes").has("home")).isTrue();
    }

    @Test
    void theDemoProfileHasAMariaDbAndAnSshSiteWiredToEachOther() {
        // given
        JsonNode services = compose.get("services");

        // then
        for (String name : List.of("mariadb", "site", "demo-setup")) {
            assertThat(texts(services.at("/" + name + "/profiles"))).as(name).containsExactly("demo");
        }
        assertThat(services.at("/site/depends_on").has("demo-setup")).isTrue();
        assertThat(services.at("/site/depends_on").has("mariadb")).isTrue();
        assertThat(ROOT.resolve("docker").resolve(services.at("/site/build").asText()).resolve("Dockerfile")).exists();
        for (String volume : texts(services.at("/mariadb/volumes"))) {
            String source = volume.split(":")[0];
            if (source.startsWith(".")) {
                assertThat(ROOT.resolve("docker").resolve(source)).as(volume).exists();
            } else {
                assertThat(compose.at("/volumes").has(source)).as(volume).isTrue();
            }
        }
    }

    @Test
    void theDemoSiteFileLoadsAndNamesTheSiteContainerItsUserAndItsFolder(@TempDir Path home) throws IOException {
        // given: the home as demo-setup leaves it
        Path demo = ROOT.resolve("docker/demo");
        Files.createDirectories(home.resolve("jobs"));
        Files.createDirectories(home.resolve("keys"));
        Files.copy(demo.resolve("wordpress-demo.yaml"), home.resolve("jobs/wordpress-demo.yaml"));
        Files.writeString(home.resolve("keys/demo_ed25519"), "a key\n");
        Files.writeString(home.resolve("keys/known_hosts"), "site ssh-ed25519 AAAA\n");
        Dockerfile site = Dockerfile.read(demo.resolve("Dockerfile"));
        String setup = Files.readString(demo.resolve("setup.sh"));

        // when
        SiteConfig config = new SiteConfigLoader(home, Map.of()).load("wordpress-demo");

        // then
        assertThat(compose.at("/services").has(config.ssh().host())).isTrue();
        assertThat(site.last().arguments("RUN")).anyMatch(r -> r.contains("useradd") && r.endsWith(" " + config.ssh().user()));
        assertThat(site.last().arguments("COPY")).anyMatch(c -> c.endsWith(" site/ " + config.files().remotePath() + "/"));
        assertThat(setup).contains("/data/" + home.relativize(config.ssh().privateKeyPath()))
                .contains("/data/" + home.relativize(config.ssh().knownHosts()));
        assertThat(config.site().appType()).isEqualTo("wordpress");
    }

    @Test
    void theDemoWpConfigPointsAtTheComposeDatabase() throws IOException {
        // given
        WpDatabaseSettings wp = WpConfigParser.parse(Files.readString(ROOT.resolve("docker/demo/site/wp-config.php")));
        JsonNode env = compose.at("/services/mariadb/environment");

        // then
        assertThat(wp.host()).isEqualTo("mariadb");
        assertThat(wp.name()).isEqualTo(env.get("MARIADB_DATABASE").asText());
        assertThat(wp.user()).isEqualTo(env.get("MARIADB_USER").asText());
        assertThat(wp.password().reveal()).isEqualTo(env.get("MARIADB_PASSWORD").asText());
    }

    @Test
    void theReadmesDockerCommandsUseThisComposeFileAndItsServices() throws IOException {
        // given
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Run with Docker"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Matcher commands = Pattern.compile("docker compose -f (\\S+) (.*)").matcher(section);

        // then
        List<String> found = new ArrayList<>();
        while (commands.find()) {
            found.add(commands.group(2));
            assertThat(ROOT.resolve(commands.group(1))).isEqualTo(ROOT.resolve("docker/docker-compose.yml"));
            Matcher run = Pattern.compile("run --rm (\\S+) (job=\\S+|--\\S+)").matcher(commands.group(2));
            if (run.find()) {
                assertThat(compose.at("/services").has(run.group(1))).as(commands.group(0)).isTrue();
            }
        }
        assertThat(found).anyMatch(c -> c.startsWith("--profile demo up"))
                .anyMatch(c -> c.startsWith("run --rm backup-batch job=backup site=wordpress-demo"));
    }

    private static int javaOf(String image) {
        Matcher version = Pattern.compile("temurin-(\\d+)|:(\\d+)-").matcher(image);
        assertThat(version.find()).as("a Java version in " + image).isTrue();
        return Integer.parseInt(version.group(1) != null ? version.group(1) : version.group(2));
    }

    private static List<String> jsonArray(String instruction) {
        try {
            return List.of(JSON.readValue(instruction, String[].class));
        } catch (IOException e) {
            throw new AssertionError("not a JSON array (exec form): " + instruction, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot parse " + file, e);
        }
    }

    private static String pom(String path) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(path, pom);
    }

    private static List<String> resourceFolders() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        org.w3c.dom.NodeList directories = pom.getElementsByTagName("directory");
        List<String> folders = new ArrayList<>();
        for (int i = 0; i < directories.getLength(); i++) {
            String folder = directories.item(i).getTextContent().replace("${basedir}/", "");
            folders.add(folder.contains("/") ? folder.substring(0, folder.indexOf('/')) : folder);
        }
        return folders;
    }
}
