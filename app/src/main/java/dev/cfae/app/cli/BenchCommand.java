package dev.cfae.app.cli;

import com.google.inject.Guice;
import dev.cfae.api.config.SettingsException;
import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModule;
import dev.cfae.app.bench.BenchReport;
import dev.cfae.app.bench.Benchmark;
import dev.cfae.app.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cfae bench}: times training epochs of a configuration against its dense limit. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Trains a configuration for warm-up plus timed epochs (early stopping off, nothing written) "
                + "and prints the median epoch time, rows/s, ratings/s, peak memory, backend and threads, and the "
                + "dense limit: the same model's GEMMs done densely, timed here on its own layer shapes. "
                + "The last line repeats the figures as JSON."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding the defaults.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one setting; keys are relative to cfae (e.g. trainer.batch-size=8). Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    PluginOptions plugins;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Timed epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Epochs trained before timing starts (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() {
        if (epochs < 1) {
            throw new SettingsException("--epochs", "must be at least 1, got " + epochs);
        }
        if (warmup < 0) {
            throw new SettingsException("--warmup", "must not be negative, got " + warmup);
        }
        PrintWriter console = spec.commandLine().getOut();
        List<String> all = new ArrayList<>(overrides);
        all.add("trainer.epochs=" + (warmup + epochs));
        all.add("trainer.early-stopping.enabled=false");
        LoadedConfig loaded = LoadedConfig.load(config, all, plugins.folders());
        Cfae cfae = Guice.createInjector(new CfaeModule(loaded.resolved(), loaded.plugins(), console::println))
                .getInstance(Cfae.class);
        BenchReport report = Benchmark.run(cfae.prepare(), warmup, console::println);
        console.print(report.text());
        console.println(report.json());
        console.flush();
        return ExitCodes.OK;
    }
}
