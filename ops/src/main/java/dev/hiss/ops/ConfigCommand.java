package dev.hiss.ops;

import picocli.CommandLine.Command;

/** {@code ./hiss config}: prints the effective configuration, secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration: defaults < --config FILE (or ./hiss.properties) <"
          + " HISS_* environment variables; command-line options override all of them.",
      "Secrets in the Kafka client properties file are masked."
    })
public final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    for (String line : Hiss.settings().describe()) {
      System.out.println(line);
    }
  }
}
