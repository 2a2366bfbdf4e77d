package dev.hiss.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, read once from {@code dev/hiss/model/build.properties}. */
final class BuildInfo {
  static final String VERSION = load();

  private BuildInfo() {}

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/hiss/model/build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
