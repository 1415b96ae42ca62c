package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: the Vert.x BOM's Netty 4.2.9.Final has published advisories fixed up to
 * 4.2.18.Final; {@code pom.xml} imports {@code netty-bom} ahead of it. Every Netty jar on the
 * classpath must be at least that, and all the same version (a mixed Netty fails at run time).
 */
class NettyVersionTest {
  private static final int[] FIXED = {4, 2, 18};

  @Test
  void everyNettyArtifact_isOneVersion_noOlderThanTheAdvisoryFixes() {
    Map<String, String> versions = new TreeMap<>();
    Version.identify().forEach((artifact, version) ->
        versions.put(artifact, version.artifactVersion()));
    assertThat(versions).containsKeys("netty-codec-http", "netty-codec-http2", "netty-handler",
        "netty-transport", "netty-buffer", "netty-common");
    assertThat(versions.values()).as(versions.toString()).containsOnly(
        versions.get("netty-codec-http"));
    String[] parts = versions.get("netty-codec-http").split("\\.");
    int[] actual = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
        Integer.parseInt(parts[2])};
    assertThat(Arrays.compare(actual, FIXED)).as(versions.toString())
        .isGreaterThanOrEqualTo(0);
  }
}
