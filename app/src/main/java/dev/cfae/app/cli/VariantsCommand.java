package dev.cfae.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.cfae.api.VariantFactory;
import dev.cfae.app.config.ConfigLoader;
import dev.cfae.app.config.LoadedConfig;
import dev.cfae.engine.VariantRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code cfae variants}: the registered variants with their settings and defaults. */
@Command(name = "variants", mixinStandardHelpOptions = true,
        description = "Lists the registered variants, where each came from, and their settings with defaults.")
public final class VariantsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file whose cfae.plugins folders are searched too (and whose keys are checked).")
    Path config;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadedConfig loaded = LoadedConfig.load(config, List.of(), plugins.folders());
        VariantRegistry registry = VariantRegistry.load(loaded.plugins());
        Config reference = new ConfigLoader(loaded.plugins().classLoader()).reference();
        for (VariantFactory factory : registry.all()) {
            String block = ConfigLoader.ROOT + ".variants." + factory.name();
            out.println(factory.name() + " - " + factory.description());
            out.println("  from: " + registry.source(factory.name()));
            out.println("  settings (" + block + "):");
            if (reference.hasPath(block)) {
                Map<String, ConfigValue> keys = new TreeMap<>();
                for (Map.Entry<String, ConfigValue> entry : reference.getConfig(block).entrySet()) {
                    keys.put(entry.getKey(), entry.getValue());
                }
                keys.forEach((key, value) -> {
                    String comment = value.origin().comments().stream().map(String::trim).collect(Collectors.joining(" "));
                    out.println("    " + key + " = " + render(value) + (comment.isEmpty() ? "" : "    # " + comment));
                });
            } else {
                out.println("    (no reference.conf block)");
            }
            out.println();
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String render(ConfigValue value) {
        return value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped() : value.render(ConfigRenderOptions.concise());
    }
}
