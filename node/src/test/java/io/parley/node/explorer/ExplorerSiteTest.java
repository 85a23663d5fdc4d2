package io.parley.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The explorer's files: all listed, all bounded, every reference local, no path escapes. */
class ExplorerSiteTest {
  private static final Path SOURCES =
      Path.of("src/main/resources/io/parley/node/explorer/" + ExplorerSite.RESOURCE_DIRECTORY);
  private final ExplorerSite site = ExplorerSite.load();

  @Test
  void theListNamesExactlyTheFilesOfTheSiteDirectory() throws IOException {
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      List<String> onDisk =
          walk.filter(Files::isRegularFile)
              .map(p -> SOURCES.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
      assertThat(ExplorerSite.FILES.stream().sorted().toList()).isEqualTo(onDisk);
    }
  }

  @Test
  void thePageIsServedAtTheRootOfTheExplorerWithAndWithoutSlash() {
    for (String path : List.of("/explorer", "/explorer/", "/explorer/index.html")) {
      ExplorerSite.Asset page = site.find(path).orElseThrow();
      assertThat(page.name()).isEqualTo("index.html");
      assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
    }
    assertThat(site.find("/explorer/js/main.js").orElseThrow().contentType())
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(site.find("/explorer/explorer.css").orElseThrow().contentType())
        .isEqualTo("text/css; charset=utf-8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/explorer/../pom.xml",
        "/explorer/js/../index.html",
        "/explorer/%2e%2e/logback.xml",
        "/explorer/..%2flogback.xml",
        "/explorer//index.html",
        "/explorer/js",
        "/explorer/js/",
        "/explorer/logback.xml",
        "/explorer/openrpc.json",
        "/explorer/ExplorerSite.class",
        "/explorer/site/index.html",
        "/explorerx",
        "/explorer/INDEX.HTML",
        "/explorer/index.html/"
      })
  void onlyListedNamesHaveAFile(String path) {
    assertThat(site.find(path)).isEmpty();
  }

  @Test
  void everyScriptStyleAndImportIsAFileOfTheSiteNeverAnotherOrigin() {
    Pattern html = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
    Pattern imports = Pattern.compile("from '([^']+)'");
    for (String name : ExplorerSite.FILES) {
      String text =
          new String(site.find("/explorer/" + name).orElseThrow().bytes(), StandardCharsets.UTF_8);
      if (!name.endsWith(".svg")) { // an SVG names its XML namespace with a URL, fetching nothing
        assertThat(text).as(name).doesNotContain("http://", "https://", "//cdn");
      }
      Matcher m = (name.endsWith(".html") ? html : imports).matcher(text);
      while (m.find()) {
        String target =
            name.endsWith(".html")
                ? m.group(1)
                : "/explorer/" + Path.of(name).resolveSibling(m.group(1)).normalize();
        assertThat(site.find(target.replace('\\', '/'))).as(name + " -> " + m.group(1)).isPresent();
      }
    }
  }

  @Test
  void filesAreBounded() {
    int total = 0;
    for (String name : ExplorerSite.FILES) {
      int size = site.find("/explorer/" + name).orElseThrow().bytes().length;
      assertThat(size).as(name).isPositive().isLessThanOrEqualTo(ExplorerSite.MAX_FILE_BYTES);
      total += size;
    }
    assertThat(total).isLessThanOrEqualTo(ExplorerSite.MAX_SITE_BYTES);
  }
}
