package live.recbot.doctor;

import java.util.List;

/**
 * The doctor's report: one aligned row per check, the fix on a line of its own under a failed
 * row, and a closing line with the count.
 */
public final class FindingsTable {
    private static final String PASS = "PASS";
    private static final String FAIL = "FAIL";
    private static final String GAP = "  ";

    private FindingsTable() {
    }

    public static String format(List<Finding> findings) {
        int nameWidth = "CHECK".length();
        for (Finding f : findings) {
            nameWidth = Math.max(nameWidth, f.check().length());
        }
        int resultWidth = Math.max("RESULT".length(), PASS.length());
        StringBuilder b = new StringBuilder();
        row(b, nameWidth, resultWidth, "CHECK", "RESULT", "DETAIL");
        long failed = 0;
        for (Finding f : findings) {
            row(b, nameWidth, resultWidth, f.check(), f.passed() ? PASS : FAIL, f.result().detail());
            if (f.result() instanceof CheckResult.Fail fail) {
                failed++;
                row(b, nameWidth, resultWidth, "", "", "fix: " + fail.fix());
            }
        }
        b.append(failed == 0 ? "all " + findings.size() + " checks passed"
                : failed + " of " + findings.size() + " checks failed").append('\n');
        return b.toString();
    }

    private static void row(StringBuilder b, int nameWidth, int resultWidth, String name, String result,
                            String detail) {
        String line = pad(name, nameWidth) + GAP + pad(result, resultWidth) + GAP + detail;
        b.append(line.stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
