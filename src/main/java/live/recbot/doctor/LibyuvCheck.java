package live.recbot.doctor;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * libyuv, which converts each captured picture for the encoder at a sixth of swscale's CPU:
 * without it recbot still records, with swscale, and says so in its log.
 *
 * @param problem why libyuv is not usable in this process, if it is not
 */
record LibyuvCheck(Supplier<Optional<String>> problem) implements Check {
    static final String INSTALL_FIX = "apt-get install libyuv0 (or run scripts/setup)";
    static final String BUILD_FIX = "apt-get install gcc libc6-dev (or run scripts/setup), then rebuild: "
            + "mvn -B -DskipTests package";

    @Override
    public String name() {
        return "libyuv";
    }

    @Override
    public CheckResult run() {
        Optional<String> why = problem.get();
        if (why.isEmpty()) {
            return CheckResult.pass("libyuv.so.0 loaded through recbot's bridge");
        }
        // The bridge is compiled into the jar by gcc at build time; libyuv itself is a system library.
        String fix = why.get().contains("librecbot-yuv") ? BUILD_FIX : INSTALL_FIX;
        return CheckResult.fail("not usable: " + why.get() + " (recbot falls back to swscale, six times the CPU)", fix);
    }
}
