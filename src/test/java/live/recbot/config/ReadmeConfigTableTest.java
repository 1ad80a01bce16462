package live.recbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's configuration table is the generated one, so the documentation follows the code. */
class ReadmeConfigTableTest {
    private static final String BEGIN = "<!-- config-table:begin -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void readmeTableIsTheGeneratedOne() throws IOException {
        String generated = ConfigTable.markdown();
        // Written where a failing run can be read from, to paste into the README.
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "config-table.md"), generated, StandardCharsets.UTF_8);

        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the line " + BEGIN.strip()).isNotNegative();
        assertThat(end).as("README.md has the line " + END + " after the begin marker").isGreaterThan(begin);
        assertThat(readme.substring(begin + BEGIN.length(), end))
                .as("README.md's table; the generated one is in target/config-table.md").isEqualTo(generated);
    }
}
