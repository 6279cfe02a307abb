package dev.cfae.app.cli;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.MultiModeModel;
import dev.cfae.api.TrainingCheckpoint;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.config.SettingsException;
import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModel;
import dev.cfae.app.CfaeModule;
import dev.cfae.app.Fingerprint;
import dev.cfae.app.config.LoadedConfig;
import dev.cfae.app.run.MemoryCheck;
import dev.cfae.app.run.RunDirectory;
import dev.cfae.engine.train.TrainingDivergedException;
import dev.cfae.io.CheckpointFile;
import dev.cfae.io.DataFormatException;
import dev.cfae.app.run.RunLog;
import dev.cfae.io.SubmissionFile;
import dev.cfae.io.SubmissionIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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

    @Option(names = "--prediction-mode", paramLabel = "MODE",
            description = "For a variant with several prediction modes (combined: item, user, mlp, mean): the one "
                    + "predictions use; sets cfae.variants.<variant>.prediction-mode.")
    String predictionMode;

    @Mixin
    PluginOptions plugins;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run directory to write (default: a new one under cfae.output.dir).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continues a killed run from its config.conf and latest checkpoint, in that directory. "
                    + "Refuses (exit 2) if the data or config.conf changed; takes no --config, --set or --out.")
    Path resume;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Path resumedConfig = null;
        LoadedConfig loaded;
        if (resume != null) {
            if (config != null || !overrides.isEmpty() || out != null || predictionMode != null) {
                throw new ParameterException(spec.commandLine(), "--resume continues a run with its own "
                        + RunDirectory.CONFIG + "; it cannot be combined with --config, --set, --out or --prediction-mode");
            }
            resumedConfig = RunDirectory.open(resume).file(RunDirectory.CONFIG);
            loaded = LoadedConfig.load(resumedConfig, List.of(), plugins.folders());
        } else {
            loaded = LoadedConfig.load(config, overrides, plugins.folders());
            ConfigValue variantValue = loaded.resolved().hasPath("cfae.variant") ? loaded.resolved().getValue("cfae.variant")
                    : null;
            String variant = variantValue != null && variantValue.valueType() == ConfigValueType.STRING
                    ? (String) variantValue.unwrapped() : null;
            // A variant that is not installed has no block (nor one that is not a name): the error about
            // cfae.variant follows, naming it.
            if (predictionMode != null && variant != null
                    && loaded.resolved().hasPath(ConfigUtil.joinPath("cfae", "variants", variant))) {
                // The mode is a setting of the chosen variant, so a model file records it like any other.
                String modeKey = "variants." + variant + "." + MultiModeModel.MODE_KEY;
                if (!loaded.resolved().hasPath("cfae." + modeKey)) {
                    throw new SettingsException("--prediction-mode", "variant '" + variant + "' predicts one way only; "
                            + "the option is for variants with several prediction modes, such as combined");
                }
                List<String> withMode = new ArrayList<>(overrides);
                withMode.add(modeKey + "=" + predictionMode);
                loaded = LoadedConfig.load(config, withMode, plugins.folders());
            }
        }
        Config resolved = resume != null ? loaded.resolved() : absoluteInputPaths(loaded.resolved());
        try (RunLog log = new RunLog(console)) {
            Cfae cfae = Guice.createInjector(new CfaeModule(resolved, loaded.plugins(), log::line)).getInstance(Cfae.class);
            CheckpointFile.Contents checkpoint = null;
            if (resume != null) {
                checkpoint = CheckpointFile.load(resume, log::line);
                if (!Fingerprint.sha256(resumedConfig, null).equals(checkpoint.configFingerprint())) {
                    throw new DataFormatException(resumedConfig, 0, 0, "differs from the configuration the checkpoint "
                            + "was written with; a resumed run keeps its configuration (start a new run to change it)");
                }
            }
            Cfae.PreparedRun prepared = cfae.prepare();
            if (checkpoint != null && !prepared.dataFingerprint().equals(checkpoint.dataFingerprint())) {
                throw new DataFormatException(Path.of(resolved.getString("cfae.data.train")), 0, 0, "the input data "
                        + "changed since the run started (SHA-256 " + prepared.dataFingerprint() + ", the checkpoint "
                        + "has " + checkpoint.dataFingerprint() + "); a resumed run needs the same data");
            }
            // Read before the run directory exists: a bad id file must fail before anything is written.
            SubmissionIds submissionIds = cfae.output().submissionIds() == null ? null
                    : SubmissionFile.readIds(Path.of(cfae.output().submissionIds()));
            // Before the run directory exists, so a refused run writes nothing.
            MemoryCheck.Estimate memory = prepared.checkMemory(resume != null ? resume
                    : out != null ? out : Path.of(cfae.output().dir()));
            log.line("memory estimate: " + memory.describe());
            RunDirectory run = resume != null ? RunDirectory.open(resume)
                    : RunDirectory.create(out, cfae.output(), cfae.variantName());
            log.attach(run.file(RunDirectory.LOG));
            if (resume == null) {
                run.writeConfig(resolved);
            }
            log.line("run directory: " + run.path());
            List<EpochMetrics> epochs = new ArrayList<>();
            TrainingCheckpoint resumeFrom = null;
            if (checkpoint != null) {
                resumeFrom = checkpoint.checkpoint();
                epochs.addAll(resumeFrom.history());
                int configuredEpochs = prepared.trainerSettings().epochs();
                log.line(resumeFrom.epoch() >= configuredEpochs
                        ? String.format(Locale.ROOT, "the run had trained all its %d epochs; measuring and writing its "
                                + "outputs again", configuredEpochs)
                        : String.format(Locale.ROOT, "resuming in epoch %d at step %d", resumeFrom.epoch() + 1,
                                resumeFrom.step()));
            }
            TrainingListener progress = new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics metrics) {
                    epochs.add(metrics);
                    run.writeMetrics(epochs);
                    log.line(String.format(Locale.ROOT, "epoch %3d  train RMSE %.4f  validation RMSE %s  (%.1f s)",
                            metrics.epoch(), metrics.trainRmse(), format(metrics.validationRmse()), metrics.seconds()));
                }

                @Override
                public void onFinish(int bestEpoch, String reason) {
                    log.line(String.format(Locale.ROOT, "training ended after %d epochs (%s); keeping the parameters "
                            + "of epoch %d", epochs.size(), reason, bestEpoch));
                }
            };
            String dataFingerprint = prepared.dataFingerprint();
            String configFingerprint = Fingerprint.sha256(run.file(RunDirectory.CONFIG), null);
            TrainingCheckpoint.Sink sink = saved -> {
                try {
                    CheckpointFile.save(run.path(), new CheckpointFile.Contents(dataFingerprint, configFingerprint, saved));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write a checkpoint in " + run.path(), e);
                }
            };
            CfaeModel model;
            try {
                model = prepared.train(sink, resumeFrom, progress);
            } catch (TrainingDivergedException e) {
                log.line("stopped: " + e.getMessage() + " " + keptAfterDivergence(run, cfae.checkpoints().enabled()));
                throw e;
            }
            log.line(String.format(Locale.ROOT, "test RMSE %s on %,d held-out ratings (read once, after training)",
                    format(model.testRmse()), model.split().test().size()));
            run.writeOutputs(model, cfae.output(), submissionIds, log);
            log.line("outputs: " + run.path().toAbsolutePath());
        }
        return ExitCodes.OK;
    }

    /** What a diverged run leaves in its directory, as found there: a run can diverge before its first checkpoint. */
    private static String keptAfterDivergence(RunDirectory run, boolean checkpointsOn) {
        List<String> kept = Stream.of(RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.LOG, CheckpointFile.LATEST,
                CheckpointFile.PREVIOUS).filter(name -> Files.exists(run.file(name))).toList();
        boolean checkpoint = kept.contains(CheckpointFile.LATEST) || kept.contains(CheckpointFile.PREVIOUS);
        return "Kept in " + run.path() + ": " + String.join(", ", kept)
                + (checkpoint ? " (the checkpoints hold only finite parameters from before it)."
                        : checkpointsOn ? "; it diverged before its first checkpoint, so no model or checkpoint was written."
                                : "; checkpoints are off (cfae.trainer.checkpoint), and no model was written.");
    }

    /**
     * The input paths and plugin folders made absolute, so the run's {@value RunDirectory#CONFIG} finds
     * them again from any working directory (for {@code --resume} and reruns).
     */
    static Config absoluteInputPaths(Config resolved) {
        Config result = resolved;
        for (String key : List.of("cfae.data.train", "cfae.data.test", "cfae.output.submission.ids")) {
            if (resolved.hasPath(key) && resolved.getValue(key).valueType() == ConfigValueType.STRING) {
                String absolute = Path.of(resolved.getString(key)).toAbsolutePath().normalize().toString();
                result = result.withValue(key, ConfigValueFactory.fromAnyRef(absolute));
            }
        }
        if (resolved.hasPath("cfae.plugins")) {
            List<String> folders = resolved.getStringList("cfae.plugins").stream()
                    .map(folder -> Path.of(folder).toAbsolutePath().normalize().toString()).toList();
            result = result.withValue("cfae.plugins", ConfigValueFactory.fromIterable(folders));
        }
        return result;
    }

    private static String format(double rmse) {
        return Double.isNaN(rmse) ? "-" : String.format(Locale.ROOT, "%.4f", rmse);
    }
}
