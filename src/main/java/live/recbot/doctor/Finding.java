package live.recbot.doctor;

/** One row of the doctor's table: a check's name and its result. */
public record Finding(String check, CheckResult result) {
    public boolean passed() {
        return result instanceof CheckResult.Pass;
    }
}
