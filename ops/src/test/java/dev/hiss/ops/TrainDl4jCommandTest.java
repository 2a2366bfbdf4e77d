package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.spark.dl4j.Dl4jSparkTrainJob;
import dev.hiss.spark.dl4j.SsmLayerKind;
import dev.hiss.spark.dl4j.TrainingMasterKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./hiss train-dl4j}: options map onto the job configuration, and bad or misplaced options
 * fail with one line naming the option and value (exit code 2) before Spark starts.
 */
class TrainDl4jCommandTest {

  private static Dl4jSparkTrainJob.Config parse(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "train-dl4j";
    System.arraycopy(args, 0, all, 1, args.length);
    CommandLine.ParseResult r = Hiss.commandLine().parseArgs(all);
    return ((TrainDl4jCommand) r.subcommand().commandSpec().userObject()).config();
  }

  private static void assertOneLine(String contains, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "train-dl4j";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Hiss.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    List<String> lines = (out + "" + err).lines().filter(l -> !l.isBlank()).toList();
    assertEquals(2, code, String.join(" ", all) + " -> " + lines);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("hiss train-dl4j: "), lines.get(0));
    assertTrue(lines.get(0).contains(contains), lines.get(0));
  }

  @Test
  void optionsMapOntoTheJobConfiguration() {
    Dl4jSparkTrainJob.Config c =
        parse(
            "--channel",
            "ecg_mV",
            "--layers",
            "s4d,mamba",
            "--training-master",
            "sharing",
            "--workers",
            "3",
            "--workers-per-node",
            "2",
            "--sharing-threshold",
            "0.01",
            "--epochs",
            "2",
            "--lake",
            "l",
            "--out",
            "m.zip");
    assertEquals(Path.of("l").toAbsolutePath().toString(), c.lake().uri());
    assertEquals("ecg_mV", c.channel());
    assertEquals(List.of(SsmLayerKind.S4D, SsmLayerKind.MAMBA), c.train().layers());
    assertEquals(TrainingMasterKind.SHARING, c.train().master());
    assertEquals(3, c.train().workers());
    assertEquals(2, c.train().workersPerNode());
    assertEquals(0.01, c.train().sharingThreshold());
    assertEquals(2, c.train().epochs());
    assertEquals(Path.of("m.zip"), c.modelFile());
    assertEquals(10, c.chunk());
    Dl4jSparkTrainJob.Config single = parse("--channel", "x", "--training-master", "single");
    assertEquals(1, single.train().workers(), "single defaults to one worker");
  }

  @Test
  void badOrMisplacedOptionsGiveOneLine() {
    assertOneLine(
        "Invalid layer = 'lstm'; must be one of s4d, s4, s5, mamba",
        "--channel",
        "x",
        "--layers",
        "s4d,lstm");
    assertOneLine(
        "Invalid training master = 'ring'; must be one of averaging, sharing, single",
        "--channel",
        "x",
        "--training-master",
        "ring");
    assertOneLine(
        "Invalid --averaging-frequency with --training-master sharing; it applies to"
            + " --training-master averaging only",
        "--channel",
        "x",
        "--training-master",
        "sharing",
        "--averaging-frequency",
        "4");
    assertOneLine(
        "Invalid --workers-per-node with --training-master averaging",
        "--channel",
        "x",
        "--workers-per-node",
        "2");
    assertOneLine(
        "Invalid --workers = 2; must be 1 with --training-master single",
        "--channel",
        "x",
        "--training-master",
        "single",
        "--workers",
        "2");
    assertOneLine("Invalid width = 0; must be in [1, 4096]", "--channel", "x", "--width", "0");
    assertOneLine("Missing required option: '--channel=<channel>'", "--epochs", "2");
  }
}
