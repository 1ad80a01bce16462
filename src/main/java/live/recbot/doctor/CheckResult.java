package live.recbot.doctor;

/** What one check found: what it saw, and for a failure, what to do about it. */
public sealed interface CheckResult {
    /** What was found: a version, a size, a path, or what is wrong. */
    String detail();

    record Pass(String detail) implements CheckResult {
    }

    record Fail(String detail, String fix) implements CheckResult {
    }

    static CheckResult pass(String detail) {
        return new Pass(detail);
    }

    static CheckResult fail(String detail, String fix) {
        return new Fail(detail, fix);
    }
}
