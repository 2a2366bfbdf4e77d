package dev.hiss.ingestion.lake;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a lake (or a checkpoint, or a job's Parquet output) lives: a local directory, or any Hadoop
 * file-system URI that Spark can read and write ({@code s3a://bucket/lake}, {@code
 * hdfs://nn:8020/lake}, {@code abfs://...}, {@code file:///mnt/lake}). A {@link Path} cannot hold
 * those: {@code Path.of("s3a://b/lake")} collapses the {@code //}. Local paths are made absolute,
 * so that driver and executors agree on them.
 *
 * <p>Non-local schemes need their Hadoop connector on the classpath (for S3: {@code --packages
 * org.apache.hadoop:hadoop-aws:<Spark's Hadoop version>} with spark-submit); see
 * docs/operations.md. {@link #missingConnectorHint} turns Hadoop's "No FileSystem for scheme" into
 * a message that says so.
 *
 * @param uri the location as Spark receives it
 */
public record LakePath(String uri) {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://.*");

  /** Validates the location. */
  public LakePath {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("Invalid lake path = '" + uri + "'; must not be empty");
    }
    if (uri.indexOf('\0') >= 0 || uri.chars().anyMatch(c -> c == '\n' || c == '\r')) {
      throw new IllegalArgumentException(
          "Invalid lake path = '" + uri.replaceAll("[\\x00\\r\\n]", "?") + "'; control characters");
    }
  }

  /**
   * Parses a command-line value: a URI with a scheme ({@code s3a://...}) is kept as written (one
   * trailing slash dropped); anything else is a local path, made absolute.
   */
  public static LakePath of(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid lake path = '" + location + "'; must not be empty");
    }
    if (SCHEME.matcher(location).matches()) {
      String u =
          location.endsWith("/") && !location.endsWith("://")
              ? location.substring(0, location.length() - 1)
              : location;
      return new LakePath(u);
    }
    return of(Path.of(location));
  }

  /** A local directory, made absolute and normalized. */
  public static LakePath of(Path local) {
    return new LakePath(local.toAbsolutePath().normalize().toString());
  }

  /** The URI scheme ({@code s3a}, {@code hdfs}, {@code file}), or {@code null} for a local path. */
  public String scheme() {
    var m = SCHEME.matcher(uri);
    return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
  }

  /** Whether this is on the local file system (a plain path or a {@code file://} URI). */
  public boolean isLocal() {
    String s = scheme();
    return s == null || s.equals("file");
  }

  /**
   * This location as a local {@link Path}.
   *
   * @throws IllegalStateException if the location is not local
   */
  public Path toLocalPath() {
    String s = scheme();
    if (s == null) {
      return Path.of(uri);
    }
    if (s.equals("file")) {
      return Path.of(URI.create(uri));
    }
    throw new IllegalStateException(
        "Lake path " + uri + " is on " + s + "://, not the local file system");
  }

  /** {@code <this>/<name>}. */
  public LakePath resolve(String name) {
    return new LakePath(uri + "/" + name);
  }

  /** The sibling {@code <this><suffix>} (e.g. {@code lake-checkpoints} next to {@code lake}). */
  public LakePath withSuffix(String suffix) {
    return new LakePath(uri + suffix);
  }

  /**
   * A clear error for a Spark/Hadoop failure caused by a missing file-system connector, or {@code
   * null} when {@code failure} is something else.
   */
  public String missingConnectorHint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      // Hadoop says "No FileSystem for scheme" for unknown schemes, and throws a
      // ClassNotFoundException "Class org.apache.hadoop.fs.s3a.S3AFileSystem not found" (as the
      // cause of a RuntimeException) for s3a:// without hadoop-aws
      if (m.contains("No FileSystem for scheme")
          || (t instanceof ClassNotFoundException && m.contains("FileSystem"))) {
        return "No Hadoop file system for "
            + scheme()
            + ":// on the classpath (lake path "
            + uri
            + "); add its connector, e.g. spark-submit --packages"
            + " org.apache.hadoop:hadoop-aws:<Spark's Hadoop version> for s3a://";
      }
    }
    return null;
  }

  /** The location as Spark receives it. */
  @Override
  public String toString() {
    return uri;
  }
}
