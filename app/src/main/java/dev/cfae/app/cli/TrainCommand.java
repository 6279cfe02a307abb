package dev.cfae.app.cli;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.TrainingListener;
import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModel;
import dev.cfae.app.CfaeModule;
import dev.cfae.app.config.ConfigLoader;
import dev.cfae.app.run.RunDirectory;
import dev.cfae.app.run.RunLog;
import dev.cfae.io.SubmissionFile;
import dev.cfae.io.SubmissionIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cfae train}: trains the configured variant and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the configured variant and writes a run directory: the resolved config, "
                + "per-epoch metrics, the log, the model, test predictions and any outputs asked for.",
                "With no options it trains the default autoencoder on data/ml-latest-small."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding the defaults.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one setting; keys are relative to cfae (e.g. trainer.epochs=5). Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run directory to write (default: a new one under cfae.output.dir).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Config resolved = new ConfigLoader(loader).load(config, overrides);
        try (RunLog log = new RunLog(console)) {
            Cfae cfae = Guice.createInjector(new CfaeModule(resolved, loader, log::line)).getInstance(Cfae.class);
            Cfae.PreparedRun prepared = cfae.prepare();
            // Read before the run directory exists: a bad id file must fail before anything is written.
            SubmissionIds submissionIds = cfae.output().submissionIds() == null ? null
                    : SubmissionFile.readIds(Path.of(cfae.output().submissionIds()));
            RunDirectory run = RunDirectory.create(out, cfae.output(), cfae.variantName());
            log.attach(run.file(RunDirectory.LOG));
            run.writeConfig(resolved);
            log.line("run directory: " + run.path());
            List<EpochMetrics> epochs = new ArrayList<>();
            TrainingListener progress = metrics -> {
                epochs.add(metrics);
                run.writeMetrics(epochs);
                log.line(String.format(Locale.ROOT, "epoch %3d  train RMSE %.4f  validation RMSE %s  (%.1f s)",
                        metrics.epoch(), metrics.trainRmse(), format(metrics.validationRmse()), metrics.seconds()));
            };
            CfaeModel model = prepared.train(progress);
            log.line(String.format(Locale.ROOT, "test RMSE %s on %,d held-out ratings (read once, after training)",
                    format(model.testRmse()), model.split().test().size()));
            run.writeOutputs(model, cfae.output(), submissionIds, log);
            log.line("outputs: " + run.path().toAbsolutePath());
        }
        return ExitCodes.OK;
    }

    private static String format(double rmse) {
        return Double.isNaN(rmse) ? "-" : String.format(Locale.ROOT, "%.4f", rmse);
    }
}
