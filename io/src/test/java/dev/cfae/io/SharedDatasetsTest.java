package dev.cfae.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SharedDatasetsTest {
    @TempDir
    Path directory;

    private String previous;

    @BeforeEach
    void rememberProperty() {
        previous = System.getProperty(SharedDatasets.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(SharedDatasets.PROPERTY);
        } else {
            System.setProperty(SharedDatasets.PROPERTY, previous);
        }
    }

    @Test
    void systemPropertyNamesTheFolder() throws IOException {
        Path data = Files.createDirectories(directory.resolve("ml-100k")).resolve("u.data");
        Files.writeString(data, "1\t1\t5\t0\n");
        System.setProperty(SharedDatasets.PROPERTY, directory.toString());

        assertThat(SharedDatasets.root()).contains(directory.toAbsolutePath().normalize());
        assertThat(SharedDatasets.find("ml-100k/u.data")).contains(directory.toAbsolutePath().normalize().resolve("ml-100k/u.data"));
        assertThat(SharedDatasets.require("ml-100k/u.data")).hasContent("1\t1\t5\t0");
        assertThat(SharedDatasets.find("ml-1m/ratings.dat")).isEmpty();
    }

    @Test
    void absentFileAbortsTheTestInsteadOfFailingIt() {
        System.setProperty(SharedDatasets.PROPERTY, directory.resolve("nowhere").toString());

        assertThat(SharedDatasets.root()).isEmpty();
        assertThatThrownBy(() -> SharedDatasets.require("ml-100k/u.data"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("ml-100k/u.data");
    }
}
